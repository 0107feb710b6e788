"""Name pools for the demo caseload, per nationality, with native-script forms where the people
write their names in another script. Spelling variants appear as separate entries on purpose
(Mohammed / Muhammad / Mohamed): that is how registration data really looks (shared/DOMAIN.md).

Each pool lists names from the most to the least common; a name is drawn with Zipf-like weights
(rank r weighs 1 / (r + 3)), so a few names (Mohammed, Ahmed, Fatima) are very common and there is
a long tail, as in a real caseload, and then one of its spellings. Where the "family name" is
really the grandfather's given name (Arabic, Somali, Tigrinya, Amharic, Dinka and Nuer), it is
often drawn from the male given names."""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from itertools import accumulate

ZIPF_OFFSET = 3.0
ZIPF_EXPONENT = 1.0

Name = tuple[str, str]  # (Latin-script spelling, native-script form or "")


def _names(spec: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """"Mohammed/Muhammad=محمد; Ahmad/Ahmed=أحمد; ..." -> ((("Mohammed", "Muhammad"), "محمد"), ...),
    most common first."""
    out = []
    for item in spec.split(";"):
        item = item.strip()
        if not item:
            continue
        latin, _, native = item.partition("=")
        out.append((tuple(s.strip() for s in latin.split("/")), native.strip()))
    return tuple(out)


@dataclass(frozen=True)
class Draw:
    """Names with their cumulative weights, for one indexed draw per name."""

    names: tuple[Name, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, spec: str) -> Draw:
        names: list[Name] = []
        weights: list[float] = []
        for rank, (spellings, native) in enumerate(_names(spec), start=1):
            weight = 1.0 / (rank + ZIPF_OFFSET) ** ZIPF_EXPONENT
            for spelling in spellings:
                names.append((spelling, native))
                weights.append(weight / len(spellings))
        return cls(tuple(names), tuple(accumulate(weights)))

    def __call__(self, rng: random.Random) -> Name:
        return self.names[bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def __len__(self) -> int:
        return len(self.names)


@dataclass(frozen=True)
class NamePool:
    male: Draw
    female: Draw
    family: Draw
    languages: tuple[str, ...]  # ISO 639-3, first is the most common
    patronymic: float = 0.0  # the share of family names that are a grandfather's given name

    def given(self, rng: random.Random, sex: str) -> Name:
        return (self.male if sex == "M" else self.female)(rng)

    def family_name(self, rng: random.Random) -> Name:
        if self.patronymic and rng.random() < self.patronymic:
            return self.male(rng)
        return self.family(rng)


def pool(male: str, female: str, family: str, languages: tuple[str, ...], patronymic: float = 0.0) -> NamePool:
    return NamePool(Draw.of(male), Draw.of(female), Draw.of(family), languages, patronymic)


ARABIC = pool(
    male="""Mohammed/Muhammad/Mohamed/Mohammad=محمد; Ahmad/Ahmed=أحمد; Ali=علي; Mahmoud/Mahmud=محمود;
        Omar/Umar=عمر; Hussein/Hussain=حسين; Hassan=حسن; Khalid/Khaled=خالد; Ibrahim=إبراهيم;
        Abdul Rahman/Abdulrahman=عبد الرحمن; Youssef/Yousef=يوسف; Mustafa/Mostafa=مصطفى; Abdullah=عبد الله;
        Saleh/Salih=صالح; Hamza=حمزة; Bilal=بلال; Abdulaziz=عبد العزيز; Jamal=جمال; Walid=وليد; Tariq/Tarek=طارق;
        Sami=سامي; Adel=عادل; Nasser=ناصر; Karim=كريم; Faisal=فيصل; Salem=سالم; Yasser=ياسر; Majid=ماجد;
        Ammar=عمار; Anas=أنس; Osama=أسامة; Ziad=زياد; Rami=رامي; Fadi=فادي; Imad=عماد; Samir=سمير;
        Hisham=هشام; Nabil=نبيل; Raed=رائد; Munir=منير; Qasim=قاسم; Haidar=حيدر; Abbas=عباس; Jafar=جعفر;
        Mazen=مازن; Wael=وائل; Marwan=مروان; Ayman=أيمن; Bashar=بشار; Ghassan=غسان; Hani=هاني;
        Ismail=إسماعيل; Yahya=يحيى; Zakaria=زكريا; Suleiman=سليمان; Othman=عثمان; Abdulkarim=عبد الكريم;
        Riyad=رياض; Firas=فراس; Luay=لؤي; Hamid=حامد; Saeed=سعيد; Talal=طلال; Fawaz=فواز; Muhannad=مهند;
        Mansour=منصور; Nizar=نزار; Khalil=خليل; Jihad=جهاد; Hazem=حازم""",
    female="""Fatima/Fatma=فاطمة; Aisha=عائشة; Maryam/Mariam=مريم; Zainab/Zeinab=زينب; Noor/Nour=نور; Amina=آمنة;
        Khadija=خديجة; Huda=هدى; Layla/Leila=ليلى; Sara=سارة; Rana=رنا; Hala=هالة; Rasha=رشا; Hanan=حنان;
        Samira=سميرة; Reem=ريم; Asmaa=أسماء; Nadia=نادية; Salma=سلمى; Rania=رانيا; Dalia=داليا; Lina=لينا;
        Rima=ريما; Suha=سهى; Ghada=غادة; Hind=هند; Iman=إيمان; Wafaa=وفاء; Amal=أمل; Manal=منال; Najwa=نجوى;
        Sawsan=سوسن; Widad=وداد; Yasmin=ياسمين; Hiba=هبة; Duaa=دعاء; Rahaf=رهف; Shahd=شهد; Batoul=بتول;
        Ruqaya=رقية; Safaa=صفاء; Nisreen=نسرين; Lubna=لبنى; Maha=مها; Muna=منى; Sanaa=سناء; Abeer=عبير;
        Jamila=جميلة; Kholoud=خلود; Tahani=تهاني; Nawal=نوال; Hayat=حياة; Souad=سعاد; Zahraa=زهراء;
        Sumaya=سمية; Hadeel=هديل; Haneen=حنين; Bushra=بشرى; Aya=آية; Malak=ملك""",
    family="""Al-Hassan=الحسن; Al-Ali=العلي; Al-Ahmad=الأحمد; Al-Mohammad=المحمد; Haddad=حداد; Khalil=خليل;
        Saleh=صالح; Abbas=عباس; Al-Hussein=الحسين; Othman=عثمان; Mansour=منصور; El-Sayed=السيد;
        Al-Obaidi=العبيدي; Al-Jubouri=الجبوري; Darwish=درويش; Al-Khatib=الخطيب; Hamdan=حمدان; Al-Omar=العمر;
        Al-Dulaimi=الدليمي; Al-Tamimi=التميمي; Al-Shammari=الشمري; Al-Khalaf=الخلف; Al-Hamad=الحمد;
        Al-Rawi=الراوي; Al-Zoubi=الزعبي; Al-Masri=المصري; Al-Halabi=الحلبي; Al-Homsi=الحمصي; Najjar=نجار;
        Khoury=خوري; Qassab=قصاب; Hijazi=حجازي; Sabbagh=صباغ; Attar=عطار; Al-Saleh=الصالح;
        Al-Abdullah=العبدالله; Kurdi=كردي; Barakat=بركات; Al-Ibrahim=الإبراهيم; Suleiman=سليمان;
        Al-Aswad=الأسود; Al-Hakim=الحكيم; Nasr=نصر; Fares=فارس; Al-Sudani=السوداني; Al-Hashimi=الهاشمي""",
    languages=("ara", "kur"), patronymic=0.4,
)
DARI_PASHTO = pool(
    male="""Mohammad/Muhammad=محمد; Ahmad=احمد; Abdullah=عبدالله; Ali=علی; Hamid=حمید; Hossein/Hussain=حسین;
        Farid=فرید; Najib=نجیب; Zabihullah=ذبیح‌الله; Rahmatullah=رحمت‌الله; Jawad=جواد; Sayed=سید;
        Mahmood=محمود; Karim=کریم; Rahim=رحیم; Nasir=ناصر; Bashir=بشیر; Habib=حبیب; Jamshid=جمشید;
        Khalid=خالد; Mustafa=مصطفی; Omid=امید; Reza=رضا; Sohrab=سهراب; Wahid=وحید; Yousuf=یوسف; Zalmai=زلمی;
        Ajmal=اجمل; Asadullah=اسدالله; Ghulam=غلام; Hamidullah=حمیدالله; Hekmatullah=حکمت‌الله; Idrees=ادریس;
        Jalil=جلیل; Kabir=کبیر; Masood=مسعود; Mirwais=میرویس; Naqibullah=نقیب‌الله; Noorullah=نورالله;
        Qadir=قادر; Rashid=رشید; Shafiq=شفیق; Sharif=شریف; Tariq=طارق; Yama=یما; Zia=ضیا;
        Abdul Ghani=عبدالغنی; Ehsan=احسان; Fawad=فواد; Haroon=هارون; Ismail=اسماعیل; Javed=جاوید;
        Mujtaba=مجتبی; Obaidullah=عبیدالله; Parwiz=پرویز; Qasim=قاسم; Sadiq=صادق; Samiullah=سمیع‌الله;
        Taher=طاهر""",
    female="""Fatima=فاطمه; Mariam/Maryam=مریم; Zahra=زهرا; Fereshta/Freshta=فرشته; Shabnam=شبنم; Parwana=پروانه;
        Nargis=نرگس; Masooma=معصومه; Mahbooba=محبوبه; Sima=سیما; Zainab=زینب; Nasrin=نسرین; Laila=لیلا;
        Roya=رویا; Farzana=فرزانه; Gulalai=گلالی; Khadija=خدیجه; Malalai=ملالی; Nilofar=نیلوفر;
        Parisa=پریسا; Rahima=رحیمه; Sakina=سکینه; Shakila=شکیله; Sharifa=شریفه; Soraya=ثریا; Tahmina=تهمینه;
        Wahida=وحیده; Zarghona=زرغونه; Zakia=زکیه; Gulnaz=گلناز; Homa=هما; Karima=کریمه; Latifa=لطیفه;
        Mina=مینا; Nadia=نادیه; Nazia=نازیه; Pari=پری; Rukhsar=رخسار; Safia=صفیه; Samira=سمیره;
        Shukria=شکریه; Storai=ستوری; Hamida=حمیده; Jamila=جمیله; Aziza=عزیزه; Halima=حلیمه; Marzia=مرضیه;
        Mursal=مرسل; Palwasha=پلوشه; Sahar=سحر; Tamana=تمنا; Yalda=یلدا""",
    family="""Ahmadi=احمدی; Mohammadi=محمدی; Rahimi=رحیمی; Ahmadzai=احمدزی; Hussaini=حسینی; Karimi=کریمی;
        Hakimi=حکیمی; Noori=نوری; Hashimi=هاشمی; Sultani=سلطانی; Amiri=امیری; Haidari=حیدری; Popal=پوپل;
        Safi=صافی; Stanikzai=ستانکزی; Jafari=جعفری; Rezaei=رضایی; Nazari=نظری; Sadat=سادات; Wardak=وردک;
        Barakzai=بارکزی; Popalzai=پوپلزی; Durrani=درانی; Yousufzai=یوسفزی; Mohmand=مهمند; Shinwari=شینواری;
        Kakar=کاکر; Niazi=نیازی; Alizai=علیزی; Achakzai=اچکزی; Sharifi=شریفی; Azizi=عزیزی; Rasuli=رسولی;
        Habibi=حبیبی; Samadi=صمدی; Akbari=اکبری; Qaderi=قادری; Omari=عمری; Faizi=فیضی""",
    languages=("prs", "pus"),
)
SOMALI = pool(  # Somali is written in Latin script; the official spelling sits beside the English one
    male="""Mohamed/Maxamed/Mohammed; Ahmed/Axmed; Abdi/Cabdi; Hassan/Xasan; Ali/Cali; Abdullahi/Cabdullaahi;
        Yusuf/Yuusuf; Omar/Cumar; Ibrahim/Ibraahim; Hussein/Xuseen; Osman/Cismaan; Mohamud/Maxamuud;
        Abdirahman/Cabdiraxmaan; Farah/Faarax; Jama/Jaamac; Ismail/Ismaaciil; Aden/Aadan; Abdikadir/Cabdiqaadir;
        Nur/Nuur; Said/Saciid; Warsame; Hersi/Xirsi; Isse/Ciise; Dahir/Daahir; Musa/Muuse; Elmi/Cilmi;
        Abdirashid/Cabdirashiid; Duale/Ducaale; Guled/Guuleed; Abdiaziz/Cabdicasiis; Abdiweli/Cabdiwali;
        Bashir/Bashiir; Khalif/Khaliif; Mahad; Salad/Salaad; Shire; Yasin/Yaasiin; Abdinasir/Cabdinaasir;
        Awil/Cawil; Jibril/Jibriil; Liban/Liibaan; Mukhtar; Qasim/Qaasim; Roble/Rooble; Sharmarke; Abshir;
        Barre; Dirie/Diiriye; Egal/Cigaal; Gedi/Geedi; Hashi/Xaashi; Kahin/Kaahin; Yonis/Yoonis; Bile""",
    female="""Fadumo/Faadumo/Fatuma; Asha/Caasha; Amina/Aamina; Hodan; Halima/Xaliimo; Hawa/Xaawo; Sahra/Sahro;
        Khadija/Khadiija; Ifrah; Ayaan; Maryan; Zamzam; Nasra/Nasro; Ubah/Ubax; Deeqa; Hibo; Sagal;
        Farhiya/Farxiyo; Nimco; Anab/Canab; Shamsa; Ikran; Idil; Filsan; Hamdi/Xamdi; Kaltun/Kaltuun; Leyla;
        Muna; Nimo; Qamar; Rahma/Raxma; Safiya; Sucad; Warsan; Yasmin; Ruqiya/Ruqiyo; Istahil; Samira/Samiira;
        Luul; Mako; Najma; Ardo; Bilan; Dahabo""",
    family="Ali/Cali; Mohamud/Maxamuud; Warsame; Jama/Jaamac; Farah/Faarax; Osman/Cismaan",
    languages=("som",), patronymic=1.0,
)
TIGRINYA = pool(
    male="""Tesfaye/Tesfay/Tesfai=ተስፋይ; Yonas=ዮናስ; Kidane=ኪዳነ; Mebrahtu=መብራህቱ; Filmon=ፊልሞን; Dawit=ዳዊት;
        Samuel=ሳሙኤል; Habtom=ሃብቶም; Tekle=ተኽለ; Haile=ሃይለ; Berhane=በርሃነ; Woldu/Weldu=ወልዱ;
        Gebremedhin/Ghebremedhin=ገብረመድህን; Tesfamariam=ተስፋማርያም; Ghebreyesus/Gebreyesus=ገብረየሱስ;
        Yohannes=ዮሃንስ; Mehari=መሓሪ; Amanuel=ኣማኑኤል; Efrem=ኤፍሬም; Isaias=ኢሳያስ; Kibrom=ክብሮም;
        Merhawi=መርሃዊ; Michael=ሚካኤል; Natnael=ናትናኤል; Robel=ሮቤል; Semere=ሰመረ; Solomon=ሰሎሞን; Tedros=ቴድሮስ;
        Tewelde=ተወልደ; Zerai/Zeray=ዘርኣይ; Abraham=ኣብርሃም; Aron=ኣሮን; Biniam=ቢንያም; Daniel=ዳንኤል; Eyob=እዮብ;
        Fitsum=ፍጹም; Goitom=ጎይቶም; Henok=ሄኖክ; Mussie=ሙሴ; Negassi=ነጋሲ; Petros=ጴጥሮስ; Simon=ስምኦን;
        Teklay=ተኽላይ; Weldemichael=ወልደሚካኤል; Yemane=የማነ; Andom=ኣንዶም; Asmerom=ኣስመሮም; Berhe=በርሀ;
        Ghirmay=ግርማይ; Hagos=ሓጎስ; Kahsay=ካሕሳይ; Tsegay=ጸጋይ; Gebru=ገብሩ; Alem=ኣለም; Asefaw=ኣሰፋው;
        Ermias=ኤርምያስ; Estifanos=እስጢፋኖስ""",
    female="""Senait=ሰናይት; Helen=ሄለን; Selam=ሰላም; Meron=ሜሮን; Almaz=ኣልማዝ; Saba=ሳባ; Luwam=ሉዋም;
        Freweyni=ፍረወይኒ; Mebrat=መብራት; Yordanos=ዮርዳኖስ; Hiwet=ሕይወት; Semhar=ሰምሃር; Rahel=ራሄል; Winta=ዊንታ;
        Abeba=ኣበባ; Elsa=ኤልሳ; Tsega=ጸጋ; Feven=ፌቨን; Ruta=ሩታ; Sara=ሳራ; Nebiat=ነብያት; Milen=ሚለን;
        Tirhas=ትርሓስ; Mehret=ምሕረት; Akberet=ኣኽበረት; Letemariam=ለተማርያም; Zewdi=ዘውዲ; Tsehaye=ጸሃየ;
        Hanna=ሃና; Eden=ኤደን; Lidia=ሊድያ; Selamawit=ሰላማዊት; Simret=ስምረት; Tsion=ጽዮን; Yohana=ዮሃና;
        Adiam=ኣድያም; Bisrat=ብስራት; Danait=ዳናይት; Fiori=ፊዮሪ; Medhanit=መድሃኒት; Nardos=ናርዶስ; Sofia=ሶፍያ;
        Azieb=ኣዜብ; Lemlem=ለምለም; Tsigereda=ጽገረዳ; Mulu=ሙሉ""",
    family="""Gebremedhin/Ghebremedhin=ገብረመድህን; Tesfamariam=ተስፋማርያም; Haile=ሃይለ; Berhane=በርሃነ;
        Woldu=ወልዱ; Tekle=ተኽለ; Ghebreyesus=ገብረየሱስ""",
    languages=("tir",), patronymic=0.9,
)
AMHARIC = pool(
    male="""Mohammed/Mohamed=መሐመድ; Abebe=አበበ; Tesfaye=ተስፋዬ; Getachew=ጌታቸው; Solomon=ሰለሞን; Dawit=ዳዊት;
        Bekele=በቀለ; Yohannes=ዮሐንስ; Tadesse=ታደሰ; Alemu=አለሙ; Girma=ግርማ; Kebede=ከበደ; Mengistu=መንግስቱ;
        Desta=ደስታ; Worku=ወርቁ; Haile=ኃይሌ; Mulugeta=ሙሉጌታ; Getahun=ጌታሁን; Tefera=ተፈራ; Ayele=አየለ;
        Berhanu=ብርሃኑ; Daniel=ዳንኤል; Ermias=ኤርሚያስ; Fikru=ፍቅሩ; Gebre=ገብሬ; Habtamu=ሀብታሙ; Kassahun=ካሳሁን;
        Legesse=ለገሰ; Mesfin=መስፍን; Negash=ነጋሽ; Samuel=ሳሙኤል; Tamirat=ታምራት; Teshome=ተሾመ; Wondimu=ወንድሙ;
        Yonas=ዮናስ; Zelalem=ዘላለም; Abdi=አብዲ; Ahmed=አህመድ; Ali=አሊ; Biniam=ቢኒያም; Chala=ጫላ; Dereje=ደረጀ;
        Elias=ኤልያስ; Fekadu=ፈቃዱ; Gemechu=ገመቹ; Henok=ሄኖክ; Lemma=ለማ; Mekonnen=መኮንን; Nigussie=ንጉሴ;
        Sisay=ሲሳይ; Tilahun=ጥላሁን; Wondwossen=ወንድወሰን; Yared=ያሬድ; Abera=አበራ; Asfaw=አስፋው; Belay=በላይ;
        Demeke=ደመቀ; Eshetu=እሸቱ; Kidane=ኪዳኔ; Shimelis=ሽመልስ; Tsegaye=ፀጋዬ""",
    female="""Tigist=ትዕግስት; Almaz=አልማዝ; Meseret=መሰረት; Hirut=ሂሩት; Aster=አስቴር; Bethlehem=ቤተልሔም;
        Kedija=ከድጃ; Tsehay=ፀሐይ; Selamawit=ሰላማዊት; Mulu=ሙሉ; Genet=ገነት; Abeba=አበባ; Alem=አለም;
        Birtukan=ብርቱካን; Eleni=ኤሌኒ; Frehiwot=ፍሬሕይወት; Hana=ሐና; Konjit=ቆንጂት; Lemlem=ለምለም; Mahlet=ማህሌት;
        Meron=ሜሮን; Mekdes=መቅደስ; Netsanet=ነፃነት; Rahel=ራሔል; Saba=ሳባ; Senait=ሰናይት; Tsion=ጽዮን;
        Woinshet=ወይንሸት; Yeshi=የሺ; Zewditu=ዘውዲቱ; Amina=አሚና; Fatuma=ፋጡማ; Aynalem=አይናለም;
        Bizunesh=ብዙነሽ; Etenesh=እቴነሽ; Fantu=ፋንቱ; Gelila=ገሊላ; Hiwot=ሕይወት; Kalkidan=ቃልኪዳን; Liya=ሊያ;
        Martha=ማርታ; Nardos=ናርዶስ; Ruth=ሩት; Selam=ሰላም; Wubit=ውብት; Yordanos=ዮርዳኖስ; Zenebech=ዘነበች;
        Eden=ኤደን; Askale=አስካለ""",
    family="""Tadesse=ታደሰ; Alemu=አለሙ; Girma=ግርማ; Kebede=ከበደ; Mengistu=መንግስቱ; Desta=ደስታ; Worku=ወርቁ""",
    languages=("amh", "orm"), patronymic=0.9,
)
GREAT_LAKES = pool(  # Congolese and Burundian names, Latin script; Swahili, Kirundi, Lingala, French
    male="""Jean; Emmanuel; Patrick; Jean-Claude; Jean-Pierre; Joseph; Espoir; Amani; Baraka; Pierre; Innocent;
        Eric; Jean-Baptiste; Claude; Alain; Olivier; Didier; Fabrice; Gilbert; Justin; Pacifique; Prosper;
        Dieudonné; Bienvenu; Christian; David; Daniel; Moïse; Samuel; Josué; Eliezer; Fiston; Gloire; Héritier;
        Jonathan; Kevin; Léon; Mathieu; Noël; Pascal; Faustin; Désiré; Célestin; Théogène; Vianney; Aimable;
        Bosco; Serge; Jacques; André; Paul; Papy; Trésor; Rodrigue; Cédric; Blaise""",
    female="""Marie; Furaha; Neema; Aline; Grace; Esperance/Espérance; Jeanne; Divine; Claudine; Mapendo;
        Josephine/Joséphine; Chantal; Solange; Francine; Béatrice; Alice; Annette; Clarisse; Consolata; Dorcas;
        Elisabeth; Feza; Gisèle; Immaculée; Jacqueline; Joyeuse; Justine; Rebecca; Sifa; Zawadi; Riziki; Aimée;
        Nadine; Odette; Pascaline; Rachel; Sandrine; Vestine; Yvette; Agnès; Bernadette; Cécile; Christine;
        Denise; Esther; Gloria; Irène; Liliane; Madeleine; Mireille; Nathalie; Sarah; Sylvie; Thérèse""",
    family="""Mukendi; Ilunga; Nshimirimana; Habimana; Mugisha; Niyonzima; Bahati; Kabongo; Ndayisaba; Mutombo;
        Tshibangu; Kalala; Mbuyi; Kasongo; Lukusa; Kazadi; Mulumba; Ngoy; Banza; Kayembe; Tshimanga; Mwamba;
        Kalonji; Ntumba; Mbayo; Kapinga; Mujinga; Lumbala; Bisimwa; Cirhuza; Mushagalusa; Bashige; Birindwa;
        Murhula; Amisi; Assani; Bahizi; Hakizimana; Ndikumana; Niyonkuru; Bizimana; Irakoze; Nduwimana;
        Nkurunziza; Ntakirutimana; Nzeyimana; Uwimana; Manirakiza; Ndayishimiye; Niyongabo; Havyarimana;
        Sindayigaya; Bukuru; Ciza; Kwizera; Mugabo; Rukundo; Tuyishime""",
    languages=("swa", "run", "lin", "fra"),
)
NILOTIC = pool(  # South Sudanese names; Dinka and Nuer are usually written in Latin script
    male="""Deng; Garang; Akol; Majok; Gatluak; Mayen; Ater; Kuol; Mabior; Chol; Gatkuoth; Bol; Manyang; Machar;
        Makuei; Malual; Mading; Marial; Mayom; Nhial; Akech; Akuei; Aguer; Ajak; Arok; Bior; Chuol; Dak; Gai;
        Gatdet; Jok; Kiir; Kuany; Lual; Madut; Makur; Malek; Mathiang; Mawien; Ngor; Nyuon; Ruot; Tut; Wal;
        Wol; Yien; Biel; Buom; Chan; Kueth; Lam; Nyang; Puok; Riek; Thon; Duol""",
    female="""Nyibol; Achol; Abuk; Nyakuoth; Awut; Aluel; Ayen; Adut; Akur; Nyandeng; Nyaluak; Nyakim; Nyachuol;
        Nyabol; Nyamal; Achan; Ajok; Akon; Alek; Amou; Anger; Apajok; Ayak; Abul; Adhieu; Agot; Nyakong;
        Nyaboth; Nyagoa; Nyariek; Nyathak; Nyawal; Nyaduop; Nyaguek; Nyakuma; Nyalam; Nyamuch; Nyanen; Nyapal;
        Nyareth; Nyatuak; Nyandit; Achai; Akuol; Arek; Athieng; Yar""",
    family="Deng; Garang; Kuol; Mabior; Chol; Gatkuoth",
    languages=("din", "nus", "apd"), patronymic=0.9,
)
BURMESE = pool(  # Burmese names have no family name: the last word stands in for one
    male="""Aung=အောင်; Kyaw=ကျော်; Htet=ထက်; Min=မင်း; Zaw=ဇော်; Naing=နိုင်; Saw Htoo=စောထူး; Thant=သန့်;
        Tun=ထွန်း; Myo=မျိုး; Ko=ကို; Naung=နောင်; Hein=ဟိန်း; Wai=ဝေ; Lin=လင်း; Thura=သူရ; Zin=ဇင်; Ye=ရဲ;
        Paing=ပိုင်; Phyo=ဖြိုး; Thet=သက်; Sithu=စည်သူ; Nay=နေ; Kaung=ကောင်း; Khant=ခန့်; Pyae=ပြည့်; Yan=ရန်;
        Hlaing=လှိုင်; Zeyar=ဇေယျာ; Saw Eh=စောအဲ; Maung=မောင်; Htoo=ထူး; Nyi=ညီ; Wunna=ဝဏ္ဏ; Arkar=အာကာ;
        Bo=ဘို; Chit=ချစ်; Myat=မြတ်""",
    female="""Thida=သီတာ; Hla=လှ; Nilar=နီလာ; Su=စု; Khin=ခင်; Naw Paw=နော်ပေါ; Aye=အေး; Ei=အိ; May=မေ;
        Nwe=နွယ်; Phyu=ဖြူ; San=စန်း; Thandar=သန္တာ; Yadanar=ရတနာ; Zar=ဇာ; Cho=ချို; Hnin=နှင်း; Khaing=ခိုင်;
        Moe=မိုး; Sandar=စန္ဒာ; Thin=သင်း; Yin=ယဉ်; Mya=မြ; Ohnmar=ဥမ္မာ; Shwe=ရွှေ; Tin=တင်;
        Naw Htoo=နော်ထူး; Naw Eh=နော်အဲ; Nang=နန်း; Hsu=ဆု; Pwint=ပွင့်; Wint=ဝင့်; Thiri=သီရိ; Nandar=နန္ဒာ;
        Zin Mar=ဇင်မာ""",
    family="""Win=ဝင်း; Oo=ဦး; Htun=ထွန်း; Myint=မြင့်; Soe=စိုး; Thein=သိန်း; Naing=နိုင်; Aung=အောင်;
        Kyaw=ကျော်; Lwin=လွင်; Maung=မောင်; Thant=သန့်; Zaw=ဇော်; Hlaing=လှိုင်; Moe=မိုး; Khaing=ခိုင်;
        Min=မင်း; Htet=ထက်; Nyein=ငြိမ်း; Phyo=ဖြိုး; Lin=လင်း; Shwe=ရွှေ; Tint=တင့်; Hein=ဟိန်း; Yee=ရည်;
        Paing=ပိုင်; Thu=သူ; Nwe=နွယ်; Mar=မာ; Wai=ဝေ; Htoo=ထူး; Pyae=ပြည့်""",
    languages=("mya", "kjp", "cnh"),
)
SPANISH = pool(
    male="""José; Luis; Carlos; Juan; Miguel; Jesús; Andrés; Jorge; Pedro; Manuel; Antonio; Francisco;
        Alejandro; Daniel; David; Diego; Eduardo; Fernando; Gabriel; Javier; Julio; Kevin; Mario; Óscar; Pablo;
        Rafael; Ricardo; Roberto; Santiago; Sebastián; Víctor; Wilmer; Yorman; Jhon; Brayan; Alexander; Ángel;
        Cristian; Edwin; Elvis; Franklin; Freddy; Gustavo; Héctor; Henry; Jairo; Jonathan; Leonardo; Nelson;
        Orlando; Raúl; Rubén; Samuel; Wilson; Omar; Richard; Johan; Yeferson; Dayron""",
    female="""María; Ana; Daniela; Gabriela; Yesenia; Carmen; Valentina; Andrea; Carolina; Laura; Paola; Luisa;
        Sofía; Camila; Isabel; Rosa; Marta; Patricia; Sandra; Adriana; Alejandra; Claudia; Diana; Elena;
        Fernanda; Gloria; Karla; Katherine; Leidy; Lorena; Lucía; Mariana; Marisol; Mónica; Natalia; Paula;
        Rocío; Sara; Silvia; Teresa; Verónica; Yolanda; Yuliana; Angie; Dayana; Jennifer; Johana; Maryuri;
        Nayeli; Wendy; Yuleisy; Génesis; Milagros; Fabiola""",
    family="""García; Rodríguez; Martínez; Hernández; López; González; Pérez; Ramírez; Sánchez; Torres; Flores;
        Rivera; Gómez; Díaz; Morales; Reyes; Cruz; Ortiz; Gutiérrez; Chávez; Ramos; Ruiz; Mendoza; Álvarez;
        Castillo; Jiménez; Moreno; Romero; Herrera; Medina; Aguilar; Vargas; Castro; Guzmán; Fernández; Rojas;
        Suárez; Muñoz; Vásquez; Contreras; Salazar; Mejía; Cárdenas; Ospina; Zambrano; Bermúdez; Paredes;
        Molina; Delgado; Peña; Acosta; Blanco; Navarro; Silva; Cabrera; Osorio""",
    languages=("spa",),
)
HAUSA = pool(  # Northern Nigeria mostly, with Igbo, Yoruba and Christian names beside
    male="""Muhammad/Mohammed; Musa; Abubakar; Ibrahim; Sani; Usman; Aliyu; Abdullahi; Yusuf; Bello; Umar;
        Sulaiman; Adamu; Garba; Haruna; Ismaila; Kabiru; Lawal; Mustapha; Nasiru; Salisu; Shehu; Tijani;
        Yakubu; Zakari; Auwal; Bashir; Danjuma; Hamza; Idris; Jibril; Mansur; Murtala; Nuhu; Rabiu; Sadiq;
        Chukwuemeka; Chinedu; Emeka; Ikechukwu; Obinna; Uchenna; Tunde; Oluwaseun; Emmanuel; John; Samuel;
        Daniel; Godwin; Peter; Joseph""",
    female="""Fatima/Fatimah; Aisha/Aishat; Hauwa; Zainab; Amina; Blessing; Halima; Maryam; Hadiza; Khadija;
        Ngozi; Rabi; Safiya; Binta; Jamila; Habiba; Hafsat; Salamatu; Rukayya; Bilkisu; Sadiya; Maimuna; Ladi;
        Larai; Hannatu; Esther; Mary; Grace; Joy; Chioma; Adaeze; Amaka; Nkechi; Funmilayo; Folake; Comfort;
        Patience; Mercy; Precious; Victoria; Faith; Ruth; Sarah; Rahila; Jummai""",
    family="""Bello; Abdullahi; Mohammed; Ibrahim; Musa; Usman; Yusuf; Aliyu; Abubakar; Sani; Umar; Garba; Lawal;
        Okafor; Adeyemi; Suleiman; Danjuma; Haruna; Adamu; Idris; Okonkwo; Eze; Nwachukwu; Obi; Okeke; Chukwu;
        Ogunleye; Olawale; Bakare; Tanko; Audu; Shehu; Yakubu; Bala; Dauda; Isa; Mamman; Ahmed; Umaru; Gambo;
        Jibrin; Hassan; Ali; Kabir; Nuhu""",
    languages=("hau", "eng", "ibo"),
)

POOLS: dict[str, NamePool] = {
    "SYR": ARABIC, "IRQ": ARABIC, "SDN": ARABIC, "YEM": ARABIC,
    "AFG": DARI_PASHTO, "SOM": SOMALI, "ERI": TIGRINYA, "ETH": AMHARIC,
    "COD": GREAT_LAKES, "BDI": GREAT_LAKES, "SSD": NILOTIC, "MMR": BURMESE,
    "VEN": SPANISH, "COL": SPANISH, "HND": SPANISH, "SLV": SPANISH, "NGA": HAUSA,
}
