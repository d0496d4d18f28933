"""JupyterHub configuration for a coaching firm: each coach's server runs the toolkit's
apps, and each coach's members open that server (docs/deploy.md,
"5. JupyterHub: a firm with several coaches").

Edit COACHES. The authenticator (who may log in, and how) and the spawner (where servers
run) are your installation's: The Littlest JupyterHub and Zero to JupyterHub set their
own. tests/hub/test_local_hub.py loads this file as it is and adds only the local parts
(the dummy authenticator, a local-process spawner, ports and folders).
"""

import sys

from tornado import web

c = get_config()  # noqa: F821

#: Each coach's hub user name -> the hub user names of their members. A member's hub
#: user name is their participant id in the coach's workspace
#: (`retention participants add "Name" --id <hub user name>`).
COACHES = {
    "coach-a": ["northfield", "brightwater"],
    "coach-b": ["kestrel"],
}
MEMBER_OF = {member: coach for coach, members in COACHES.items() for member in members}
#: Minutes without any request before a coach's server is stopped (its data stays).
IDLE_MINUTES = 60

# A coach's server runs the apps on the workspace in its own folder (its home, a volume
# of its own), as JupyterHub's spawner tells it where to listen and under which path.
c.Spawner.cmd = ["retention", "--workspace", "workspace", "serve", "--hub"]
c.Spawner.http_timeout = 120  # the first start checks the exercises and migrates the database

c.Authenticator.allowed_users = set(COACHES) | set(MEMBER_OF)


def only_coaches_have_servers(spawner) -> None:
    """A member has no server of their own: their page is on their coach's."""
    if spawner.user.name not in COACHES:
        raise web.HTTPError(403, "Your page is on your coach's server.")


c.Spawner.pre_spawn_hook = only_coaches_have_servers


def landing(handler) -> str:
    """After logging in: a coach to their server, a member to their coach's."""
    name = handler.current_user.name
    return f"{handler.base_url}user/{MEMBER_OF.get(name, name)}/"


c.JupyterHub.default_url = landing

# Each coach's members form a group allowed to open that coach's server, and nothing else.
c.JupyterHub.load_groups = {
    f"{coach}-members": {"users": members} for coach, members in COACHES.items()
}
c.JupyterHub.load_roles = [
    {
        "name": f"{coach}-members",
        "scopes": [f"access:servers!user={coach}"],
        "groups": [f"{coach}-members"],
    }
    for coach in COACHES
] + [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]

# Stop servers nobody used for IDLE_MINUTES: the hub counts every request through its
# proxy (pages, and the apps' websockets) as activity.
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={IDLE_MINUTES * 60}",
        ],
    }
]
