"""Word lists the demo builds names and texts from. All invented; no real brands.

Phone numbers use a range set aside for fiction and e-mail addresses the ``.example``
domain, so nothing in a demo workspace points at a real person or company.
"""

from __future__ import annotations

FIRST_NAMES = (
    "Ava", "Ben", "Chloe", "Daniel", "Elena", "Felix", "Grace", "Hamza", "Ines", "Jonas",
    "Kavya", "Liam", "Maya", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Samir", "Tara",
    "Umar", "Vera", "Wes", "Xenia", "Yusuf", "Zoe", "Aaron", "Bianca", "Caleb", "Dara",
    "Emil", "Farah", "Gavin", "Hana", "Ivan", "Jade", "Kofi", "Lena", "Marco", "Nadia",
    "Omar", "Priya", "Rafael", "Sofia", "Theo", "Uma", "Victor", "Wanda", "Yara", "Zain",
)  # fmt: skip

LAST_NAMES = (
    "Abbott", "Baker", "Carver", "Dalton", "Ellis", "Fischer", "Garner", "Hale", "Iqbal",
    "Jensen", "Kowalski", "Lindqvist", "Moreau", "Novak", "Okafor", "Patel", "Quinlan",
    "Rossi", "Sandoval", "Tanaka", "Ueda", "Varga", "Whitlock", "Young", "Zeller",
    "Ashworth", "Brennan", "Costa", "Dunmore", "Eriksen", "Fairley", "Grady", "Holt",
    "Ibarra", "Joshi", "Keane", "Lowry", "Mensah", "Nilsen", "Orr", "Pryce", "Rahman",
    "Stroud", "Thorne", "Upton", "Vance", "Wilder", "Yilmaz", "Zhou", "Marsh",
)  # fmt: skip

PLACES = (
    "Ashby", "Millbrook", "Kingsford", "Riverside", "Hollow Oak", "Eastgate", "Westmoor",
    "Stonebridge", "Harwick", "Fenwood", "Larkspur", "Thornbury", "Brookhaven",
    "Coldwater", "Redcliff", "Pinecrest", "Sandholm", "Elmstead", "Greywell", "Oakridge",
    "Marston", "Halden", "Copperfield", "Ironvale", "Willowmere", "Bramley", "Castleton",
    "Fallowmere", "Glenrock", "Northgate", "Southmead", "Ambervale", "Blackwater",
    "Cresthill", "Dunhollow", "Fairhaven", "Goldmere", "Highcombe", "Lowfield", "Moorcroft",
)  # fmt: skip

COMPANY_SUFFIXES = ("Ltd", "& Co", "Group", "Partners", "Holdings", "Ltd", "", "")

#: Nouns that make a client's name sound like its industry.
INDUSTRY_NOUNS: dict[str, tuple[str, ...]] = {
    "Manufacturing": ("Fabrication", "Components", "Machining", "Metalworks", "Assemblies"),
    "Utilities": ("Power", "Energy", "Grid Services", "Networks"),
    "Water treatment": ("Water", "Pumping", "Filtration", "Wastewater"),
    "Food processing": ("Foods", "Dairy", "Bakeries", "Fresh Produce", "Mills"),
    "Property management": ("Estates", "Property", "Lettings", "Asset Management"),
    "Healthcare": ("Clinic", "Care Homes", "Medical Centre", "Health Trust"),
    "Education": ("Academy", "College", "School Trust", "Learning Centre"),
    "Retail": ("Stores", "Outlets", "Home and Garden", "Trading"),
    "Packaging": ("Packaging", "Cartons", "Labels", "Containers"),
    "Automotive parts": ("Auto Parts", "Drivetrain", "Brake Systems", "Motor Components"),
    "Pharmaceuticals": ("Pharma", "Biologics", "Therapeutics", "Life Sciences"),
    "Plastics": ("Plastics", "Polymers", "Mouldings", "Extrusions"),
    "Legal services": ("Law", "Solicitors", "Chambers", "Legal"),
    "Accounting": ("Accountants", "Tax Advisers", "Bookkeeping", "Audit"),
    "Architecture": ("Architects", "Design Studio", "Planning"),
    "Dental practices": ("Dental", "Smile Clinic", "Orthodontics"),
    "Construction": ("Construction", "Builders", "Civil Works", "Contracting"),
    "Real estate development": ("Developments", "Homes", "Land"),
    "Local government": ("Borough Council", "District Council", "Parish Council"),
    "Hospitality": ("Hotels", "Inns", "Catering", "Resorts"),
    "Office buildings": ("House", "Business Park", "Offices", "Tower Management"),
    "Laboratories": ("Labs", "Testing", "Analytical Services"),
    "Aerospace": ("Aero", "Avionics", "Airframes"),
    "Warehousing": ("Storage", "Distribution", "Warehousing"),
    "Mining": ("Minerals", "Aggregates", "Quarries"),
    "Transport infrastructure": ("Rail Services", "Highways", "Transit"),
    "Ports and harbours": ("Harbour Board", "Port Services", "Docks"),
    "Shipping": ("Shipping", "Freight Lines", "Maritime"),
    "Offshore energy": ("Offshore", "Wind Farms", "Marine Energy"),
    "Fisheries": ("Fisheries", "Seafoods", "Fish Farms"),
    "Nonprofit": ("Foundation", "Charity", "Trust"),
    "Media": ("Media", "Studios", "Publishing"),
    "Agriculture": ("Farms", "Growers", "Agri Supplies"),
    "Logistics": ("Logistics", "Couriers", "Haulage"),
    "Telecoms": ("Telecom", "Connect", "Fibre"),
    "Chemicals": ("Chemicals", "Coatings", "Solvents"),
    "Textiles": ("Textiles", "Weavers", "Fabrics"),
}

DEPARTMENTS = (
    "Finance", "Human Resources", "IT", "Facilities", "Procurement", "Sales", "Marketing",
    "Legal", "Quality", "Health and Safety", "Logistics", "Research and Development",
    "Training", "Executive Office", "Customer Service", "Warehouse", "Fleet", "Estimating",
    "Document Control", "Payroll",
)  # fmt: skip

#: Team roles, in the order a growing firm fills them (the first is the participant).
TEAM_ROLES = (
    "Managing director", "Account manager", "Project engineer", "Service technician",
    "Office manager", "Sales engineer", "Project engineer", "Field technician",
    "Junior engineer", "Estimator",
)  # fmt: skip

STREETS = (
    "Mill Lane", "Station Road", "Quarry Way", "Canal Street", "Foundry Row", "Harbour Road",
    "Orchard Close", "Kiln Lane", "Market Street", "Bridge End", "Tanners Yard", "Ropewalk",
)  # fmt: skip

JOB_TITLES = (
    "Operations director", "Plant manager", "Head of facilities", "Finance director",
    "Technical manager", "Owner", "Procurement lead", "Site manager",
)  # fmt: skip

BILLING_TERMS = ("30 days net", "14 days net", "monthly in advance", "60 days net")

#: Fields some employees record although the template does not ask for them.
EXTRA_FIELDS = ("preferred_channel", "birthday", "parking_notes", "previous_supplier")

EXTRA_VALUES = ("phone", "email", "12 May", "visitor bays at the back", "a local competitor")

# --- interactions -----------------------------------------------------------------------

CHANNELS = {"email": 0.42, "phone": 0.3, "meeting": 0.1, "video call": 0.1, "ticket": 0.08}

#: Topics that always happen on site.
SITE_TOPICS = ("maintenance visit", "site inspection")

#: Extra sentiment of a contact about this topic, on top of the client's own tone.
TOPIC_MOOD = {"complaint": -0.25, "escalation": -0.3, "portal login problem": -0.3}

EMERGING_TOPIC = "portal login problem"

#: Short summaries per topic; one is picked per contact.
SUMMARIES: dict[str, tuple[str, ...]] = {
    "design review": ("Walked through the drawings", "Agreed changes to the layout",
                      "Design signed off"),
    "project update": ("Shared progress and next steps", "Confirmed the schedule",
                       "Sent the weekly status"),
    "maintenance visit": ("Routine service done", "Replaced worn parts",
                          "Checked the installation"),
    "site inspection": ("Inspected the site", "Noted items to fix", "Site ready for work"),
    "referral": ("Client recommended us to a partner", "Introduced us to a new contact"),
    "price negotiation": ("Client asked for a lower rate", "Haggled over the quote",
                          "Compared our price with another offer"),
    "discount request": ("Asked for a discount", "Wants a reduction on the next order"),
    "scope change": ("Client changed the requirements", "New features requested mid-project",
                     "Deadline moved by the client"),
    "late payment": ("Chased an overdue invoice", "Client promised to pay next week"),
    "complaint": ("Client unhappy with the result", "Complaint about response time"),
    "escalation": ("Client escalated to the director", "Heated call about delays"),
    "custom request": ("Asked for a bespoke report", "Wants a custom adaptation",
                       "Requested a special configuration"),
    "out-of-scope request": ("Asked for work outside the contract",
                             "Requested a service we do not offer"),
    "invoice question": ("Question about an invoice line", "Asked for a copy of the invoice"),
    "support call": ("Helped with a fault", "Answered a how-to question",
                     "Remote fix of a problem"),
    "quarterly review": ("Reviewed the quarter together", "Planned the next quarter"),
    "portal login problem": ("Cannot log in to the client portal", "Password reset fails",
                             "Portal locks the account"),
    "newsletter": ("Monthly newsletter",),
    "payment reminder": ("Automatic payment reminder",),
    "service reminder": ("Automatic service due reminder",),
}  # fmt: skip

# --- money and excuses --------------------------------------------------------------------

WHAT_WENT_WRONG: dict[str, tuple[str, ...]] = {
    "loyal_fit": ("Technician arrived late to a visit", "Drawing issued with an error",
                  "Part delivered late by a supplier"),
    "price_hunter": ("Client found a cheaper quote and asked us to match it",
                     "Client disputed the invoice total",
                     "Client asked for a volume discount after ordering"),
    "chaos_maker": ("Requirements changed after sign-off", "Site not ready on the agreed day",
                    "New client contact wanted a different solution",
                    "Payment held back until extra work was done"),
    "over_demanding": ("Client expected a feature we do not offer",
                       "Deadline promised in the sale could not be met",
                       "Specialist work needed that the team lacks",
                       "Custom report asked for outside the contract"),
    "neglected_high_value": ("Follow-up call forgotten", "Service visit missed",
                             "Report sent late"),
    "internal": ("Request answered late",),
}  # fmt: skip

CONCESSIONS = {
    "discount": ("Discount on the invoice", "Reduced rate for the next order"),
    "refund": ("Partial refund", "Refund of a visit fee"),
    "credit": ("Credit note for extra hours", "Free extra work credited"),
}

# --- processes ------------------------------------------------------------------------------

#: Each process's agreed steps, and steps some employees add of their own accord.
PROCESSES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "onboarding": (
        ("Send welcome pack", "Kick-off meeting", "Collect site details", "Set up client record",
         "Agree contact person", "Agree review dates", "First progress call"),
        ("Send a gift", "Add to newsletter", "Site tour", "Ask for a testimonial"),
    ),
    "complaint handling": (
        ("Log the complaint", "Acknowledge within a day", "Find the cause",
         "Agree a remedy", "Fix the issue", "Confirm the client is satisfied"),
        ("Offer a discount", "Escalate to the director", "Send an apology letter"),
    ),
    "quarterly review": (
        ("Prepare figures", "Book the meeting", "Review work done", "Review open issues",
         "Agree next quarter's plan", "Send minutes"),
        ("Ask for a referral", "Present new services", "Survey satisfaction"),
    ),
}  # fmt: skip

# --- coaching -------------------------------------------------------------------------------

SESSION_NOTES = (
    "Mapped the client base by fit and health; three clients to renegotiate.",
    "Reviewed the excuse log: most concessions go to a handful of price-driven clients.",
    "Looked at who has not been contacted for months among the top clients.",
    "Compared how each team member runs onboarding; agreed to write one version down.",
    "Checked record completeness per employee; set a target for next month.",
    "Planned how to hand two poor-fit clients over to a competitor.",
    "Went through last month's development targets; four of six done.",
)

GROUP_NOTES = (
    "Hot seat on discount pressure; peers shared how they price extra work.",
    "Round of commitment reports; two members stuck on calling neglected clients.",
    "Shared templates for a retention plan inside the first proposal.",
    "Discussed letting go of clients who drain the team.",
    "Compared point-person coverage across firms (anonymised).",
    "Each member named one process to document before the next meeting.",
)

COMMITMENTS = (
    "Call the five largest clients not contacted since spring",
    "Write down the onboarding steps everyone must follow",
    "Give every client an owner",
    "Stop discounting without a logged reason",
    "Raise prices for the two most price-driven clients",
    "Hand over one poor-fit client to a competitor",
    "Fill the missing contract end dates in the client records",
    "Hold a quarterly review with each top-ten client",
    "Add a retention plan section to the proposal template",
    "Review the excuse log with the team every Friday",
    "Agree a weekly topic summary with the service desk",
    "Ask three happy clients for a referral",
)

CHECKIN_NOTES = {
    "open": ("Started, halfway there", "Not started yet, busy month", "Making progress"),
    "done": ("Done and discussed with the team", "Completed ahead of the meeting"),
    "dropped": ("No longer relevant after the reorganisation", "Replaced by a better plan"),
}

#: A member's hot seat: the prep they send (issue, what they tried, their ask), what they
#: take away from the group, and the action they commit to.
HOT_SEAT_PREPS = (
    {
        "issue": "Our biggest client asks for a 15 % discount at every renewal.",
        "tried": "Gave 5 % twice to keep the peace; this year they want more.",
        "ask": "How do you hold the price without losing the account?",
        "outcome": "Price the renewal with options instead of a single quote.",
        "action": "Send the renewal as three priced options, none discounted",
    },
    {
        "issue": "Two of our best clients have not heard from us since spring.",
        "tried": "Put a reminder in the CRM; nobody acts on it.",
        "ask": "Who in your firm owns keeping in touch, and how do you check it?",
        "outcome": "Give each top client a named point-person with a monthly call.",
        "action": "Name a point-person for each of the top ten clients",
    },
    {
        "issue": "Clients keep adding work to fixed-price projects.",
        "tried": "Absorbed it to stay friendly; margins on three projects are gone.",
        "ask": "How do you say no to extra scope without souring the project?",
        "outcome": "A one-page change request the client signs before extra work starts.",
        "action": "Introduce a signed change request for any extra scope",
    },
    {
        "issue": "One client takes a third of our support time and pays the least.",
        "tried": "Talked to their manager; it got better for a month.",
        "ask": "When did you last let a client go, and how?",
        "outcome": "Offer a paid support tier first; refer them on if they decline.",
        "action": "Offer the support-heavy client a paid support tier",
    },
    {
        "issue": "Every engineer runs onboarding their own way.",
        "tried": "Wrote a checklist last year; nobody opened it.",
        "ask": "How did you get a team to follow one process?",
        "outcome": "Write the checklist with the two engineers who onboard most.",
        "action": "Draft the onboarding checklist with the two senior engineers",
    },
    {
        "issue": "We only learn a client is unhappy when they leave.",
        "tried": "Sent a satisfaction survey; four replies out of sixty.",
        "ask": "Which early signs of a leaving client do you watch?",
        "outcome": "Watch for fewer orders and slower replies; call at the first sign.",
        "action": "List the clients whose orders dropped this quarter and call them",
    },
    {
        "issue": "Our proposals stop at delivery; nothing says what comes next.",
        "tried": "Mentioned maintenance at handover; clients said they would think about it.",
        "ask": "How do you sell the second phase before the first one ends?",
        "outcome": "Put the next phase and its date in the first proposal.",
        "action": "Add a next-phase section to the proposal template",
    },
    {
        "issue": "The team gives refunds without telling me why.",
        "tried": "Asked for an email per refund; it lasted two weeks.",
        "ask": "How do you keep track of concessions without slowing the team?",
        "outcome": "A reason field in the invoicing tool, reviewed every Friday.",
        "action": "Make a reason compulsory for every refund and credit",
    },
    {
        "issue": "A new sales hire brings in clients that do not fit us.",
        "tried": "Explained our niche in his first week.",
        "ask": "How do you describe a good-fit client so sales can use it?",
        "outcome": "Three questions sales asks before quoting; no fit, no quote.",
        "action": "Write the three fit questions with the sales hire",
    },
    {
        "issue": "Our records miss contract end dates, so renewals surprise us.",
        "tried": "Filled them in by hand once; they drifted again.",
        "ask": "Where do you keep renewal dates so they stay current?",
        "outcome": "End dates are entered at signature and checked each quarter.",
        "action": "Fill in every missing contract end date before the next meeting",
    },
)
