"""Words the synthetic generator draws from: places, people, companies, models, comments.

Countries are spelled as in the ClassicModels sample ("USA", "UK", …) so every part of the product
sees one naming. ``CUSTOMERS_PER_COUNTRY`` is the sample's spread (122 customers, 27 countries);
the generator scales it. Patterns use ``#`` for a random digit.
"""

from __future__ import annotations

from typing import NamedTuple


class Place(NamedTuple):
    city: str
    state: str | None


class Country(NamedTuple):
    customers: int  # customers at scale 1
    region: str  # sales region: NA, EMEA, APAC
    phone: str
    postal: str | None
    places: tuple[Place, ...]
    streets: tuple[str, ...]


def _places(*items: str | tuple[str, str]) -> tuple[Place, ...]:
    return tuple(Place(i, None) if isinstance(i, str) else Place(*i) for i in items)


COUNTRIES: dict[str, Country] = {
    "USA": Country(
        36,
        "NA",
        "#######555",
        "#####",
        _places(
            ("San Francisco", "CA"),
            ("Los Angeles", "CA"),
            ("San Diego", "CA"),
            ("Las Vegas", "NV"),
            ("New York", "NY"),
            ("White Plains", "NY"),
            ("Boston", "MA"),
            ("Cambridge", "MA"),
            ("Philadelphia", "PA"),
            ("Allentown", "PA"),
            ("New Haven", "CT"),
            ("Glendale", "CA"),
            ("Nashua", "NH"),
            ("Brisbane", "CA"),
            ("Burlingame", "CA"),
        ),
        ("Strong St.", "Market Street", "Oak Ave.", "Hillside Dr.", "Baker Blvd.", "Pine Rd."),
    ),
    "Germany": Country(
        13,
        "EMEA",
        "0### ## ####",
        "#####",
        _places("Frankfurt", "Berlin", "München", "Köln", "Stuttgart", "Hamburg", "Leipzig"),
        ("Lyonerstr.", "Hauptstr.", "Berliner Allee", "Mehrheimerstr.", "Taucherstraße"),
    ),
    "France": Country(
        12,
        "EMEA",
        "##.##.####",
        "#####",
        _places("Paris", "Nantes", "Lyon", "Marseille", "Lille", "Strasbourg", "Reims", "Toulouse"),
        ("rue Royale", "boulevard Charonne", "rue de l'Abbaye", "avenue de l'Europe", "rue Alsace"),
    ),
    "Spain": Country(
        7,
        "EMEA",
        "(91) 555 ## ##",
        "#####",
        _places("Madrid", "Barcelona", "Sevilla"),
        ("C/ Moralzarzal", "Gran Vía", "C/ Araquil", "Rambla de Cataluña"),
    ),
    "UK": Country(
        5,
        "EMEA",
        "(171) 555-####",
        "EC# #AA",
        _places("London", "Manchester", ("Cowes", "Isle of Wight"), "Liverpool"),
        ("Fauntleroy Circus", "Berkeley Gardens", "Garden House", "High Street"),
    ),
    "Australia": Country(
        5,
        "APAC",
        "0# #### 4555",
        "####",
        _places(
            ("Melbourne", "Victoria"),
            ("North Sydney", "NSW"),
            ("Chatswood", "NSW"),
            ("South Brisbane", "Queensland"),
            ("Glen Waverly", "Victoria"),
        ),
        ("St Kilda Road", "Miller Street", "Monitor Street", "Wentworth Avenue"),
    ),
    "New Zealand": Country(
        4,
        "APAC",
        "+64 9 555####",
        None,
        _places("Auckland", "Wellington", "Christchurch"),
        ("Arenales", "Douglas Av.", "Queen Street"),
    ),
    "Italy": Country(
        4,
        "EMEA",
        "0###-55####",
        "#####",
        _places("Milan", "Bergamo", "Reggio Emilia", "Torino"),
        ("Via Monte Bianco", "Via Ludovico il Moro", "Strada Provinciale"),
    ),
    "Switzerland": Country(
        3,
        "EMEA",
        "0452-0####",
        "####",
        _places("Bern", "Genève", "Zürich"),
        ("Hauptstr.", "Grenzacherweg", "Bahnhofstrasse"),
    ),
    "Singapore": Country(
        3,
        "APAC",
        "+65 221 7555",
        "######",
        _places("Singapore"),
        ("North Bridge Road", "Orchard Road", "Temasek Avenue"),
    ),
    "Finland": Country(
        3,
        "EMEA",
        "90-224 8555",
        "#####",
        _places("Helsinki", "Espoo", "Oulu"),
        ("Keskuskatu", "Torikatu", "Mannerheimintie"),
    ),
    "Canada": Country(
        3,
        "NA",
        "(514) 555-####",
        "H#Z #A#",
        _places(("Montréal", "Québec"), ("Tsawassen", "BC"), ("Vancouver", "BC")),
        ("rue Saint-Denis", "Tsawassen Blvd.", "Granville St."),
    ),
    "Norway": Country(
        3,
        "EMEA",
        "07-98 ####",
        "####",
        _places("Oslo", "Bergen", "Stavern"),
        ("Erling Skakkes gate", "Drammensveien", "Karl Johans gate"),
    ),
    "Sweden": Country(
        2,
        "EMEA",
        "0695-34 ####",
        "S-### ##",
        _places("Luleå", "Bräcke", "Stockholm"),
        ("Berguvsvägen", "Åkergatan", "Drottninggatan"),
    ),
    "Portugal": Country(
        2,
        "EMEA",
        "(1) 356-5555",
        "####",
        _places("Lisboa", "Porto"),
        ("Estrada da saúde", "Jardim das rosas", "Rua da Prata"),
    ),
    "Japan": Country(
        2,
        "APAC",
        "+81 3 3584 ####",
        "###-####",
        _places(("Minato-ku", "Tokyo"), ("Kita-ku", "Osaka")),
        ("Ginza", "Dojima Avanza", "Roppongi Hills"),
    ),
    "Ireland": Country(
        2,
        "EMEA",
        "2967 ####",
        None,
        _places("Dublin", ("Cork", "Co. Cork")),
        ("Grafton Street", "Merchant's Quay", "Custom House"),
    ),
    "Denmark": Country(
        2,
        "EMEA",
        "31 12 ####",
        "####",
        _places("København", "Århus"),
        ("Vinbæltet", "Smagsløget", "Strøget"),
    ),
    "Belgium": Country(
        2,
        "EMEA",
        "(071) 23 67 ####",
        "B-####",
        _places("Bruxelles", "Charleroi"),
        ("Rue Joseph-Bens", "Boulevard Tirou", "Avenue Louise"),
    ),
    "Austria": Country(
        2,
        "EMEA",
        "7675-####",
        "####",
        _places("Graz", "Salzburg", "Wien"),
        ("Kirchgasse", "Geislweg", "Ringstraße"),
    ),
    "South Africa": Country(
        1,
        "EMEA",
        "+27 21 550 ####",
        "####",
        _places("Bryanston", "Cape Town"),
        ("Nelson Mandela Square", "Bree Street"),
    ),
    "Russia": Country(
        1,
        "EMEA",
        "+7 812 293 ####",
        "######",
        _places("Saint Petersburg", "Moscow"),
        ("Nevsky Prospect", "Tverskaya Street"),
    ),
    "Poland": Country(
        1,
        "EMEA",
        "(26) 642-####",
        "##-###",
        _places("Warszawa", "Kraków"),
        ("ul. Filtrowa", "ul. Floriańska"),
    ),
    "Philippines": Country(
        1,
        "APAC",
        "+63 2 555 ####",
        "####",
        _places("Makati City", "Manila"),
        ("Ayala Avenue", "Roxas Boulevard"),
    ),
    "Netherlands": Country(
        1,
        "EMEA",
        "+31 20 491 ####",
        "#### AB",
        _places("Amsterdam", "Rotterdam"),
        ("Herengracht", "Coolsingel"),
    ),
    "Israel": Country(
        1,
        "EMEA",
        "+972 9 959 ####",
        "#####",
        _places("Herzlia", "Tel Aviv"),
        ("Hamenofim St.", "Rothschild Blvd."),
    ),
    "Hong Kong": Country(
        1,
        "APAC",
        "+852 2251 ####",
        None,
        _places("Central Hong Kong", "Kowloon"),
        ("Bank of China Tower", "Nathan Road"),
    ),
}


class Office(NamedTuple):
    code: str
    city: str
    phone: str
    address1: str
    address2: str | None
    state: str | None
    country: str
    postal: str
    territory: str
    region: str  # which sales region its reps serve
    reps: int  # sales reps at scale 1


OFFICES: tuple[Office, ...] = (
    Office("1", "San Francisco", "+1 650 219 4782", "100 Market Street", "Suite 300", "CA",
           "USA", "94080", "NA", "NA", 2),
    Office("2", "Boston", "+1 215 837 0825", "1550 Court Place", "Suite 102", "MA",
           "USA", "02107", "NA", "NA", 2),
    Office("3", "NYC", "+1 212 555 3000", "523 East 53rd Street", "apt. 5A", "NY",
           "USA", "10022", "NA", "NA", 2),
    Office("4", "Paris", "+33 14 723 4404", "43 Rue Jouffroy D'abbans", None, None,
           "France", "75017", "EMEA", "EMEA", 4),
    Office("5", "Tokyo", "+81 33 224 5000", "4-1 Kioicho", None, "Chiyoda-Ku",
           "Japan", "102-8578", "Japan", "APAC", 2),
    Office("6", "Sydney", "+61 2 9264 2451", "5-11 Wentworth Avenue", "Floor #2", None,
           "Australia", "NSW 2010", "APAC", "APAC", 3),
    Office("7", "London", "+44 20 7877 2041", "25 Old Broad Street", "Level 7", None,
           "UK", "EC2N 1HN", "EMEA", "EMEA", 2),
)  # fmt: skip

#: Where each region's sales managers sit.
REGION_HOME_OFFICE = {"NA": "1", "EMEA": "4", "APAC": "6"}

FIRST_NAMES = (
    "Anna", "Barry", "Carine", "Diane", "Elizabeth", "Francisca", "Gerard", "Helen", "Isabel",
    "Jean", "Julie", "Karin", "Leslie", "Mary", "Martin", "Mami", "Michael", "Paolo", "Peter",
    "Pamela", "Rachel", "Roland", "Steve", "Susan", "Tom", "Valarie", "William", "Yoshi",
    "Zbyszek", "Jonas", "Janine", "Jesus", "Maurizio", "Dean", "Wing", "Kyung", "Marta",
    "Eric", "Sue", "Juri", "Alexander", "Catherine", "Dan", "Eduardo", "Henriette", "Brian",
    "Giovanni", "Hanna", "Ann", "Annette", "Daniel", "Dorothy", "Georg", "Jytte", "Mel",
)  # fmt: skip

LAST_NAMES = (
    "Schmitt", "King", "Ferguson", "Labrune", "Bergulfsen", "Nelson", "Keitel", "Murphy",
    "Lee", "Freyre", "Young", "Ashworth", "Hirano", "Frick", "Brown", "Hernandez", "Walker",
    "Roulet", "Cartrain", "Kloss", "Larsson", "Suominen", "Saveley", "Moroni", "Fernandez",
    "O'Hara", "Huxley", "Kuo", "Taylor", "Thompson", "Firrelli", "Patterson", "Tseng",
    "Vanauf", "Bondur", "Castillo", "Bott", "Jones", "Fixter", "Marsh", "Nishi", "Kato",
    "Gerard", "Jennings", "Bow", "Dewey", "Petersen", "Müller", "Rovelli", "Citeaux",
)  # fmt: skip

COMPANY_FIRST = (
    "Mini", "Classic", "Auto", "Diecast", "Royal", "Vintage", "Toys", "Gift", "Scale",
    "Collectors", "Atelier", "Heritage", "Model", "Corporate", "Dragon", "Euro", "Super",
    "Petit", "Grand", "Kings", "Signal", "Online", "Cruz &", "Handji", "Volvo", "Double",
    "Precious", "Boards &", "Blauer See", "Technics", "Land of", "Souveniers And",
)  # fmt: skip

COMPANY_SECOND = (
    "Gifts", "Imports", "Collectables", "Replicas", "Souveniers", "Models", "Traders",
    "Decorations", "Miniatures", "Toys", "Classics", "Auto Replicas", "Gift Stores",
    "Diecast Classics", "Collectables Ltd.", "Things", "Mart", "Emporium", "Wholesalers",
)  # fmt: skip

COMPANY_SUFFIX = ("Co.", "Ltd.", "Inc.", "& Co.", "Corp.", "Ltd", "", "", "", "Co")

PRODUCT_LINES: dict[str, tuple[int, str, tuple[str, ...], tuple[int, int]]] = {
    # line: (products at scale 1, description, model names, year range)
    "Classic Cars": (
        38,
        "Make your classic-car dreams come true: muscle cars, sports cars and movie "
        "favourites, with working steering, opening doors and a certificate of authenticity.",
        ("Alpine Renault 1300", "Alfa Romeo GTA", "Chevy Corvette", "Ferrari Dino",
         "Mercedes-Benz SL", "Ford Mustang", "Porsche 911", "Jaguar E-Type", "BMW 2002",
         "Lamborghini Miura", "Plymouth Barracuda", "Dodge Charger", "Pontiac GTO",
         "Shelby Cobra", "Aston Martin DB5", "Toyota Supra", "Citroen DS", "Datsun 240Z",
         "Chevrolet Camaro", "Buick Riviera", "Cadillac Eldorado", "Lotus Elan"),
        (1948, 2004),
    ),
    "Motorcycles": (
        13,
        "State-of-the-art motorcycle replicas: detailed engines, turning front forks and "
        "rubber tyres, for riders and collectors alike.",
        ("Harley Davidson Ultimate Chopper", "Moto Guzzi 1100i", "Ducati 900 Monster",
         "BMW R 1100 S", "Suzuki XREO", "Triumph Bonneville", "Indian Chief",
         "Honda CB750", "Yamaha YZF-R1", "Vespa GS 150", "Kawasaki Z1"),
        (1936, 2004),
    ),
    "Planes": (
        12,
        "Die-cast aeroplanes and helicopters with rotating propellers and rotors, "
        "authentic markings and display stands.",
        ("P-51 Mustang", "Spitfire", "B-17 Flying Fortress", "Corsair F4U",
         "Black Hawk Helicopter", "Boeing 767", "Piper Cub", "Sopwith Camel",
         "Fokker Dr.I", "Concorde", "Douglas DC-3", "Zeppelin"),
        (1914, 2002),
    ),
    "Ships": (
        9,
        "Hand-built ships with canvas sails and wooden hulls: a perfect holiday or "
        "anniversary gift for the sailor in the family.",
        ("Schooner Bluenose", "HMS Bounty", "USS Constitution", "Mayflower",
         "Titanic", "Queen Mary", "Pont Yacht", "Clipper Cutty Sark", "Santa Maria"),
        (1492, 1960),
    ),
    "Trains": (
        3,
        "Model trains for enthusiasts of every age: wooden sets, electric streetcars and "
        "locomotives that make a great centrepiece.",
        ("Collectable Wooden Train", "Chicago Surface Lines Streetcar",
         "American Steam Locomotive", "Orient Express Coach", "Union Pacific Diesel"),
        (1880, 1965),
    ),
    "Trucks and Buses": (
        11,
        "Realistic trucks and buses with opening doors, rubber tyres and authentic "
        "liveries, from pick-ups to double-deckers.",
        ("Chevy Pickup", "Ford F-150", "Volkswagen Microbus", "Mack Dump Truck",
         "Dodge Power Wagon", "London Double-Decker Bus", "Ford Pick-Up Truck",
         "Greyhound Scenicruiser", "Peterbilt 379", "Land Rover Series I"),
        (1926, 2003),
    ),
    "Vintage Cars": (
        24,
        "Vintage cars from the first half of the century, faithfully reproduced with "
        "spoked wheels, chrome trim and period colours.",
        ("Ford Model T", "Mercedes Benz SSK", "Bugatti Type 35", "Rolls Royce Silver Ghost",
         "Packard Boattail", "Duesenberg SJ", "Cord 812", "Chrysler Airflow",
         "Hispano-Suiza", "Bentley Blower", "Lincoln Berline", "Austin Seven",
         "Delahaye 135", "Pierce-Arrow", "Franklin Roadster", "Ford Model A"),
        (1903, 1940),
    ),
}  # fmt: skip

PRODUCT_SCALES: dict[str, tuple[str, ...]] = {
    "Classic Cars": ("1:10", "1:12", "1:18", "1:24"),
    "Motorcycles": ("1:10", "1:12", "1:18", "1:24", "1:32"),
    "Planes": ("1:18", "1:24", "1:72", "1:700"),
    "Ships": ("1:72", "1:700"),
    "Trains": ("1:18", "1:32", "1:50"),
    "Trucks and Buses": ("1:12", "1:18", "1:24", "1:32", "1:50"),
    "Vintage Cars": ("1:18", "1:24", "1:32"),
}

VENDORS = (
    "Autoart Studio Design", "Carousel DieCast Legends", "Classic Metal Creations",
    "Exoto Designs", "Gearbox Collectibles", "Highway 66 Mini Classics", "Min Lin Diecast",
    "Motor City Art Classics", "Red Start Diecast", "Second Gear Diecast",
    "Studio M Art Models", "Unimax Art Galleries", "Welly Diecast Productions",
)  # fmt: skip

PRODUCT_FEATURES = (
    "Opening doors, hood and trunk.",
    "Turnable front wheels; steering function.",
    "Detailed engine and interior.",
    'About 10" long, heavy die-cast metal with resin parts.',
    "Rubber wheels, chrome trim and a display stand.",
    "Hand-assembled and hand-finished; certificate of authenticity.",
    "Official logos and insignias, baked enamel finish.",
    "The collector's choice: it's a limited edition.",
)

COMMENTS: dict[str, tuple[str, ...]] = {
    "Shipped": (
        "Check on availability.",
        "Customer requested that FedEx Ground is used for this shipping",
        "Customer requested special shipment. The instructions were passed along to the warehouse",
        "Difficult to negotiate with customer. We need more marketing materials",
        "Customer is interested in buying more Ferrari models",
        "They want to reevaluate their terms agreement with Finance.",
        "Can we deliver the new Ford Mustang models by end-of-quarter?",
        "Customer has worked with some of our vendors in the past and is aware of their MSRP",
    ),
    "Cancelled": (
        "Customer called to cancel. The warehouse was notified in time and the order didn't ship.",
        "Customer cancelled due to urgent budgeting issues. Since the order shipped already we "
        "must discuss who covers the shipping charges.",
    ),
    "Resolved": (
        "This order was disputed, but resolved; customer doesn't like the colors and precision "
        "of the models.",
        "Disputed then resolved. The Sales Manager was involved.",
    ),
    "On Hold": (
        "Order is on hold because the customer's credit limit has been exceeded. Order will "
        "ship when payment is received.",
    ),
    "Disputed": (
        "Customer claims the scales of the models don't match what was discussed.",
        "Customer claims the container with the shipment was damaged. Awaiting FedEx's "
        "investigation.",
    ),
    "In Process": (
        "Customer asked for a rush order.",
        "Waiting for stock of two models.",
    ),
}
