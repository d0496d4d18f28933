import base64
import re

from toolkit.widgets.download import download_link, mail_link


def _decoded(html: str) -> tuple[str, str, bytes]:
    match = re.search(r'download="([^"]+)" href="data:([^;]+);base64,([^"]+)"', html)
    assert match, html
    return match[1], match[2], base64.b64decode(match[3])


def test_download_link_holds_the_file_it_names():
    name, mime, data = _decoded(download_link("a&b.ics", "Zoë\r\n", "text/calendar", "Add"))
    assert (name, mime, data) == ("a&amp;b.ics", "text/calendar", "Zoë\r\n".encode())


def test_download_link_keeps_bytes_and_escapes_the_label():
    html = download_link("s.html", b"\x00\xff", "text/html", "<Summary>")
    assert _decoded(html)[2] == b"\x00\xff"
    assert "&lt;Summary&gt;" in html and "<Summary>" not in html


def test_mail_link_escapes_the_address():
    html = mail_link("mailto:?subject=a&body=b", "Email")
    assert 'href="mailto:?subject=a&amp;body=b"' in html
