"""Name pools for the demo caseload, per nationality, with native-script forms where the people
write their names in another script. Spelling variants appear as separate entries on purpose
(Mohammed / Muhammad / Mohamed): that is how registration data really looks (shared/DOMAIN.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NamePool:
    male: tuple[tuple[str, str], ...]
    female: tuple[tuple[str, str], ...]
    family: tuple[tuple[str, str], ...]
    languages: tuple[str, ...]  # ISO 639-3, first is the most common


ARABIC = NamePool(
    male=(("Mohammed", "محمد"), ("Muhammad", "محمد"), ("Mohamed", "محمد"), ("Ahmad", "أحمد"), ("Ali", "علي"),
          ("Omar", "عمر"), ("Hussein", "حسين"), ("Hussain", "حسين"), ("Khalid", "خالد"), ("Youssef", "يوسف"),
          ("Ibrahim", "إبراهيم"), ("Abdul Rahman", "عبد الرحمن"), ("Abdulrahman", "عبد الرحمن"),
          ("Mahmoud", "محمود"), ("Hassan", "حسن"), ("Mustafa", "مصطفى"), ("Bilal", "بلال")),
    female=(("Fatima", "فاطمة"), ("Aisha", "عائشة"), ("Maryam", "مريم"), ("Zainab", "زينب"), ("Noor", "نور"),
            ("Huda", "هدى"), ("Amina", "آمنة"), ("Layla", "ليلى"), ("Rana", "رنا"), ("Sara", "سارة"),
            ("Hala", "هالة"), ("Rasha", "رشا")),
    family=(("Al-Hassan", "الحسن"), ("Haddad", "حداد"), ("Khalil", "خليل"), ("Saleh", "صالح"), ("Abbas", "عباس"),
            ("Al-Ahmad", "الأحمد"), ("Othman", "عثمان"), ("Mansour", "منصور"), ("El-Sayed", "السيد"),
            ("Darwish", "درويش"), ("Al-Khatib", "الخطيب"), ("Hamdan", "حمدان")),
    languages=("ara", "kur"),
)
DARI_PASHTO = NamePool(
    male=(("Ahmad", "احمد"), ("Mohammad", "محمد"), ("Abdullah", "عبدالله"), ("Hamid", "حمید"), ("Farid", "فرید"),
          ("Najib", "نجیب"), ("Zabihullah", "ذبیح‌الله"), ("Hossein", "حسین"), ("Rahmatullah", "رحمت‌الله"),
          ("Jawad", "جواد"), ("Sayed", "سید")),
    female=(("Fereshta", "فرشته"), ("Mariam", "مریم"), ("Shabnam", "شبنم"), ("Zahra", "زهرا"),
            ("Parwana", "پروانه"), ("Nargis", "نرگس"), ("Mahbooba", "محبوبه"), ("Sima", "سیما")),
    family=(("Ahmadzai", "احمدزی"), ("Rahimi", "رحیمی"), ("Hakimi", "حکیمی"), ("Popal", "پوپل"),
            ("Karimi", "کریمی"), ("Noori", "نوری"), ("Safi", "صافی"), ("Hashimi", "هاشمی"), ("Stanikzai", "ستانکزی")),
    languages=("prs", "pus"),
)
SOMALI = NamePool(  # Somali is written in Latin script; the official spelling sits beside the English one
    male=(("Mohamed", ""), ("Maxamed", ""), ("Abdi", ""), ("Cabdi", ""), ("Hassan", ""), ("Xasan", ""),
          ("Abdullahi", ""), ("Cabdullaahi", ""), ("Yusuf", ""), ("Ahmed", ""), ("Omar", "")),
    female=(("Fadumo", ""), ("Faadumo", ""), ("Asha", ""), ("Caasha", ""), ("Hodan", ""), ("Ayaan", ""),
            ("Hawa", ""), ("Xaawo", ""), ("Sahra", ""), ("Ifrah", "")),
    family=(("Ali", ""), ("Cali", ""), ("Mohamud", ""), ("Maxamuud", ""), ("Warsame", ""), ("Jama", ""),
            ("Jaamac", ""), ("Farah", ""), ("Faarax", ""), ("Osman", ""), ("Cismaan", "")),
    languages=("som",),
)
TIGRINYA = NamePool(
    male=(("Tesfaye", "ተስፋየ"), ("Tesfay", "ተስፋይ"), ("Yonas", "ዮናስ"), ("Kidane", "ኪዳነ"), ("Mebrahtu", "መብራህቱ"),
          ("Filmon", "ፊልሞን"), ("Dawit", "ዳዊት"), ("Samuel", "ሳሙኤል"), ("Habtom", "ሃብቶም")),
    female=(("Senait", "ሰናይት"), ("Helen", "ሄለን"), ("Selam", "ሰላም"), ("Meron", "ሜሮን"), ("Almaz", "ኣልማዝ"),
            ("Saba", "ሳባ"), ("Luwam", "ሉዋም"), ("Freweyni", "ፍረወይኒ")),
    family=(("Gebremedhin", "ገብረመድህን"), ("Tesfamariam", "ተስፋማርያም"), ("Haile", "ሃይለ"), ("Berhane", "በርሃነ"),
            ("Woldu", "ወልዱ"), ("Tekle", "ተኽለ"), ("Ghebreyesus", "ገብረየሱስ")),
    languages=("tir",),
)
AMHARIC = NamePool(
    male=(("Abebe", "አበበ"), ("Tesfaye", "ተስፋዬ"), ("Getachew", "ጌታቸው"), ("Solomon", "ሰለሞን"), ("Dawit", "ዳዊት"),
          ("Bekele", "በቀለ"), ("Yohannes", "ዮሐንስ"), ("Mohammed", "መሐመድ")),
    female=(("Tigist", "ትዕግስት"), ("Hirut", "ሂሩት"), ("Meseret", "መሰረት"), ("Almaz", "አልማዝ"), ("Bethlehem", "ቤተልሔም"),
            ("Aster", "አስቴር"), ("Kedija", "ከድጃ")),
    family=(("Tadesse", "ታደሰ"), ("Alemu", "አለሙ"), ("Girma", "ግርማ"), ("Kebede", "ከበደ"), ("Mengistu", "መንግስቱ"),
            ("Desta", "ደስታ"), ("Worku", "ወርቁ")),
    languages=("amh", "orm"),
)
GREAT_LAKES = NamePool(  # Congolese and Burundian names, Latin script; Swahili, Kirundi, Lingala, French
    male=(("Jean", ""), ("Emmanuel", ""), ("Patrick", ""), ("Espoir", ""), ("Amani", ""), ("Baraka", ""),
          ("Pierre", ""), ("Innocent", ""), ("Jean-Claude", ""), ("Eric", "")),
    female=(("Furaha", ""), ("Neema", ""), ("Aline", ""), ("Grace", ""), ("Esperance", ""), ("Jeanne", ""),
            ("Divine", ""), ("Claudine", ""), ("Mapendo", "")),
    family=(("Mukendi", ""), ("Ilunga", ""), ("Nshimirimana", ""), ("Habimana", ""), ("Mugisha", ""),
            ("Niyonzima", ""), ("Bahati", ""), ("Kabongo", ""), ("Ndayisaba", ""), ("Mutombo", "")),
    languages=("swa", "run", "lin", "fra"),
)
NILOTIC = NamePool(  # South Sudanese names; Dinka and Nuer are usually written in Latin script
    male=(("Deng", ""), ("Garang", ""), ("Akol", ""), ("Majok", ""), ("Gatluak", ""), ("Mayen", ""), ("Ater", "")),
    female=(("Nyibol", ""), ("Achol", ""), ("Abuk", ""), ("Nyakuoth", ""), ("Awut", ""), ("Aluel", "")),
    family=(("Deng", ""), ("Garang", ""), ("Kuol", ""), ("Mabior", ""), ("Chol", ""), ("Gatkuoth", "")),
    languages=("din", "nus", "apd"),
)
BURMESE = NamePool(
    male=(("Aung", "အောင်"), ("Kyaw", "ကျော်"), ("Htet", "ထက်"), ("Min", "မင်း"), ("Zaw", "ဇော်"), ("Naing", "နိုင်"),
          ("Saw Htoo", "စောထူး")),
    female=(("Thida", "သီတာ"), ("Hla", "လှ"), ("Nilar", "နီလာ"), ("Su", "စု"), ("Khin", "ခင်"), ("Naw Paw", "နော်ပေါ")),
    family=(("Win", "ဝင်း"), ("Oo", "ဦး"), ("Htun", "ထွန်း"), ("Myint", "မြင့်"), ("Soe", "စိုး"), ("Thein", "သိန်း")),
    languages=("mya", "kjp", "cnh"),
)
SPANISH = NamePool(
    male=(("José", ""), ("Luis", ""), ("Carlos", ""), ("Juan", ""), ("Miguel", ""), ("Jesús", ""), ("Andrés", "")),
    female=(("María", ""), ("Ana", ""), ("Daniela", ""), ("Gabriela", ""), ("Yesenia", ""), ("Carmen", ""),
            ("Valentina", "")),
    family=(("García", ""), ("Rodríguez", ""), ("Martínez", ""), ("Hernández", ""), ("López", ""),
            ("González", ""), ("Pérez", ""), ("Ramírez", "")),
    languages=("spa",),
)
HAUSA = NamePool(
    male=(("Musa", ""), ("Abubakar", ""), ("Ibrahim", ""), ("Sani", ""), ("Usman", ""), ("Chukwuemeka", "")),
    female=(("Hauwa", ""), ("Zainab", ""), ("Aisha", ""), ("Blessing", ""), ("Ngozi", "")),
    family=(("Bello", ""), ("Abdullahi", ""), ("Okafor", ""), ("Mohammed", ""), ("Adeyemi", "")),
    languages=("hau", "eng", "ibo"),
)

POOLS: dict[str, NamePool] = {
    "SYR": ARABIC, "IRQ": ARABIC, "SDN": ARABIC, "YEM": ARABIC,
    "AFG": DARI_PASHTO, "SOM": SOMALI, "ERI": TIGRINYA, "ETH": AMHARIC,
    "COD": GREAT_LAKES, "BDI": GREAT_LAKES, "SSD": NILOTIC, "MMR": BURMESE,
    "VEN": SPANISH, "COL": SPANISH, "HND": SPANISH, "SLV": SPANISH, "NGA": HAUSA,
}
