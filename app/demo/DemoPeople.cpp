#include "DemoPeople.h"

#include <QStringBuilder>

#include "app/common/TimeText.h"
#include "app/people/Cccd.h"

#include <algorithm>
#include <initializer_list>

namespace vax {

namespace {

struct Weighted {
    QString text;
    quint32 weight;
};

// A table to draw from with weights; cumulative sums for a binary search.
class Table
{
public:
    Table(std::initializer_list<Weighted> items)
    {
        quint32 total = 0;
        for (const Weighted& item : items) {
            total += item.weight;
            m_texts.push_back(item.text);
            m_cumulative.push_back(total);
        }
    }
    explicit Table(std::initializer_list<const char16_t*> items)
    {
        quint32 total = 0;
        for (const char16_t* item : items) {
            m_texts.push_back(QString::fromUtf16(item));
            m_cumulative.push_back(++total);
        }
    }
    quint32 total() const { return m_cumulative.back(); }
    const QString& at(quint32 draw) const // draw in [0, total())
    {
        const auto it = std::upper_bound(m_cumulative.cbegin(), m_cumulative.cend(), draw);
        return m_texts[static_cast<std::size_t>(it - m_cumulative.cbegin())];
    }
    std::size_t size() const { return m_texts.size(); }

private:
    std::vector<QString> m_texts;
    std::vector<quint32> m_cumulative;
};

QString s(const char16_t* text)
{
    return QString::fromUtf16(text);
}

// Family names by their frequency in Vietnam (per mille).
const Table& familyNames()
{
    static const Table table{
        {s(u"Nguyễn"), 379}, {s(u"Trần"), 110}, {s(u"Lê"), 95}, {s(u"Phạm"), 70}, {s(u"Hoàng"), 30},
        {s(u"Huỳnh"), 21}, {s(u"Phan"), 45}, {s(u"Vũ"), 20}, {s(u"Võ"), 19}, {s(u"Đặng"), 21},
        {s(u"Bùi"), 20}, {s(u"Đỗ"), 14}, {s(u"Hồ"), 13}, {s(u"Ngô"), 13}, {s(u"Dương"), 10},
        {s(u"Lý"), 5}, {s(u"Đinh"), 12}, {s(u"Lâm"), 9}, {s(u"Trương"), 10}, {s(u"Mai"), 8},
        {s(u"Lưu"), 7}, {s(u"Đoàn"), 8}, {s(u"Trịnh"), 8}, {s(u"Cao"), 7}, {s(u"Tô"), 5},
        {s(u"Hà"), 7}, {s(u"Quách"), 4}, {s(u"Thái"), 5}, {s(u"Châu"), 5}, {s(u"Tạ"), 5},
        {s(u"La"), 3}, {s(u"Phùng"), 4}, {s(u"Kiều"), 3}, {s(u"Lương"), 5},
    };
    return table;
}

const Table& maleMiddleNames()
{
    static const Table table{
        u"Hữu", u"Đức", u"Minh", u"Quốc", u"Hoàng", u"Gia", u"Bảo", u"Thanh", u"Công", u"Xuân",
        u"Anh", u"Tuấn", u"Đình", u"Ngọc", u"Trung", u"Tiến", u"Quang", u"Thành", u"Việt", u"Duy",
        u"Mạnh", u"Đăng", u"Khánh", u"Phúc",
    };
    return table;
}

const Table& femaleMiddleNames()
{
    static const Table table{
        u"Ngọc", u"Thu", u"Kim", u"Thanh", u"Minh", u"Bảo", u"Gia", u"Mai", u"Hồng", u"Phương",
        u"Thùy", u"Khánh", u"Diệu", u"Hoài", u"Bích", u"Mỹ", u"Tuyết", u"Xuân", u"Hải", u"Quỳnh",
        u"Thảo", u"Như", u"Hà", u"Lan",
    };
    return table;
}

const Table& maleGivenNames()
{
    static const Table table{
        u"An", u"Anh", u"Bảo", u"Bình", u"Cường", u"Dũng", u"Đạt", u"Đức", u"Định", u"Đông",
        u"Dương", u"Duy", u"Giang", u"Hải", u"Hào", u"Hiếu", u"Hiển", u"Hòa", u"Hoàng", u"Huy",
        u"Hùng", u"Hưng", u"Khải", u"Khang", u"Khánh", u"Khoa", u"Khôi", u"Kiên", u"Lâm", u"Lộc",
        u"Long", u"Luân", u"Mạnh", u"Minh", u"Nam", u"Nghĩa", u"Nhân", u"Phát", u"Phong", u"Phúc",
        u"Quân", u"Quang", u"Quý", u"Sang", u"Sơn", u"Tài", u"Tâm", u"Thắng", u"Thành", u"Thịnh",
        u"Thông", u"Tiến", u"Toàn", u"Trí", u"Trọng", u"Trung", u"Tuấn", u"Tùng", u"Vinh", u"Việt",
        u"Vũ", u"Đăng", u"Đạo", u"Độ", u"Lợi", u"Thái", u"Hậu", u"Thuận",
    };
    return table;
}

const Table& femaleGivenNames()
{
    static const Table table{
        u"An", u"Anh", u"Ánh", u"Bích", u"Châu", u"Chi", u"Diễm", u"Diệp", u"Dung", u"Duyên",
        u"Giang", u"Hà", u"Hạnh", u"Hằng", u"Hiền", u"Hoa", u"Hồng", u"Huệ", u"Hương", u"Huyền",
        u"Khánh", u"Lan", u"Liên", u"Linh", u"Loan", u"Ly", u"Mai", u"My", u"Nga", u"Ngân",
        u"Ngọc", u"Nguyệt", u"Nhi", u"Nhung", u"Oanh", u"Phương", u"Quyên", u"Quỳnh", u"Tâm", u"Thảo",
        u"Thanh", u"Thơ", u"Thu", u"Thủy", u"Thúy", u"Thư", u"Trang", u"Trâm", u"Trinh", u"Tuyết",
        u"Uyên", u"Vân", u"Vy", u"Xuân", u"Yến", u"Đào", u"Điệp", u"Đoan", u"Hậu", u"Lệ",
        u"Nhàn", u"Hảo", u"Duyên", u"Hiên", u"Kiều", u"Lam", u"Đan",
    };
    return table;
}

// Mobile prefixes in use: Viettel, MobiFone, VinaPhone. (089 is left out: only 0896–0899 are
// valid in Debian 12's libphonenumber metadata.)
const Table& mobilePrefixes()
{
    static const Table table{
        u"086", u"096", u"097", u"098", u"032", u"033", u"034", u"035", u"036", u"037", u"038", u"039",
        u"090", u"093", u"070", u"076", u"077", u"078", u"079",
        u"088", u"091", u"094", u"081", u"082", u"083", u"084", u"085",
    };
    return table;
}

const Table& hanoiStreets()
{
    static const Table table{
        u"Hàng Bạc", u"Hàng Đào", u"Kim Mã", u"Đội Cấn", u"Giảng Võ", u"Láng Hạ", u"Thái Hà", u"Tôn Đức Thắng",
        u"Xã Đàn", u"Bà Triệu", u"Huế", u"Minh Khai", u"Trường Chinh", u"Nguyễn Chí Thanh", u"Cầu Giấy",
        u"Hoàng Quốc Việt", u"Lạc Long Quân", u"Nguyễn Trãi", u"Khâm Thiên", u"Bạch Mai", u"Lò Đúc",
        u"Đê La Thành", u"Hoàng Hoa Thám", u"Thụy Khuê", u"Trần Duy Hưng", u"Kim Ngưu", u"Giải Phóng",
    };
    return table;
}

const Table& streets()
{
    static const Table table{
        u"Lê Lợi", u"Trần Hưng Đạo", u"Nguyễn Huệ", u"Hai Bà Trưng", u"Lý Thường Kiệt", u"Nguyễn Trãi",
        u"Lê Duẩn", u"Điện Biên Phủ", u"Cách Mạng Tháng Tám", u"Võ Văn Tần", u"Phan Đình Phùng",
        u"Hoàng Diệu", u"Quang Trung", u"Bạch Đằng", u"Nguyễn Văn Linh", u"Lê Văn Sỹ", u"Nguyễn Thị Minh Khai",
        u"Phan Xích Long", u"Hùng Vương", u"Ngô Quyền", u"Trần Phú", u"Nguyễn Tất Thành", u"Võ Nguyên Giáp",
        u"Lê Thánh Tôn", u"Pasteur", u"Nguyễn Đình Chiểu", u"Xô Viết Nghệ Tĩnh", u"Âu Cơ", u"Tô Hiến Thành",
    };
    return table;
}

const Table& occupations()
{
    static const Table table{
        {s(u"Công nhân"), 18}, {s(u"Nông dân"), 12}, {s(u"Kinh doanh"), 12}, {s(u"Nhân viên văn phòng"), 14},
        {s(u"Giáo viên"), 6}, {s(u"Lao động tự do"), 12}, {s(u"Nội trợ"), 6}, {s(u"Tài xế"), 4},
        {s(u"Kỹ sư"), 4}, {s(u"Bác sĩ"), 2}, {s(u"Điều dưỡng"), 2}, {s(u"Công an"), 2}, {s(u"Bộ đội"), 2},
        {s(u"Cán bộ, công chức"), 4},
    };
    return table;
}

const Table& ethnicities()
{
    static const Table table{
        {s(u"Kinh"), 853}, {s(u"Tày"), 19}, {s(u"Thái"), 19}, {s(u"Mường"), 15}, {s(u"H'Mông"), 15},
        {s(u"Khmer"), 14}, {s(u"Nùng"), 11}, {s(u"Dao"), 9}, {s(u"Hoa"), 8}, {s(u"Gia Rai"), 5},
        {s(u"Ê Đê"), 4}, {s(u"Ba Na"), 3}, {s(u"Sán Dìu"), 2}, {s(u"Chăm"), 2}, {s(u"Cơ Ho"), 2},
    };
    return table;
}

// The 2021 priority groups (Resolution 21/NQ-CP), weighted roughly like a district's list.
const Table& priorityGroups()
{
    static const Table table{
        {QStringLiteral("1"), 3}, {QStringLiteral("2"), 5}, {QStringLiteral("3"), 5}, {QStringLiteral("4"), 8},
        {QStringLiteral("5"), 5}, {QStringLiteral("6"), 12}, {QStringLiteral("7"), 15}, {QStringLiteral("8"), 3},
        {QStringLiteral("9"), 8}, {QStringLiteral("10"), 16}, {QStringLiteral("11"), 20},
    };
    return table;
}

const Table& insuranceObjects()
{
    static const Table table{u"DN", u"HC", u"HT", u"GD", u"TE", u"HS", u"SV", u"NO", u"CN", u"XN", u"HN", u"BT"};
    return table;
}

// Old 9-digit ID (CMND): the first two digits were the issuing province.
QString cmndPrefix(const QString& provinceCode, quint32 draw)
{
    if (provinceCode == QLatin1String("01"))
        return QStringLiteral("01");
    if (provinceCode == QLatin1String("79"))
        return QStringLiteral("02");
    if (provinceCode == QLatin1String("48"))
        return QStringLiteral("20");
    const int prefix = 3 + static_cast<int>(draw % 36); // 03 … 38
    return QString::number(prefix).rightJustified(2, QLatin1Char('0'));
}

QString digits(quint32 value, int width)
{
    QString out(width, QLatin1Char('0'));
    for (int i = width - 1; i >= 0 && value > 0; --i) {
        out[i] = QLatin1Char(static_cast<char>('0' + value % 10));
        value /= 10;
    }
    return out;
}

// Bijections of [0, modulus): multipliers coprime to 10^k.
constexpr quint64 kCccdModulus = 1000000;
constexpr quint64 kCccdMultiplier = 738317;
constexpr quint64 kSevenDigitModulus = 10000000;
constexpr quint64 kPhoneMultiplier = 7368787;
constexpr quint64 kCmndMultiplier = 4199773;
constexpr quint64 kPassportMultiplier = 2654437;

quint32 permute(quint32 n, quint64 multiplier, quint32 offset, quint64 modulus)
{
    return static_cast<quint32>((n * multiplier + offset) % modulus);
}

} // namespace

DemoPeople::DemoPeople(const AdminUnits& units, quint32 seed)
    : m_units(&units)
    , m_state(0x5EED0000ULL ^ (static_cast<quint64>(seed) << 17) ^ seed)
{
    m_cccdOffset = static_cast<quint32>(nextRandom() % kCccdModulus);
    m_cmndOffset = static_cast<quint32>(nextRandom() % kSevenDigitModulus);
    m_passportOffset = static_cast<quint32>(nextRandom() % kSevenDigitModulus);
    m_phoneOffset = static_cast<quint32>(nextRandom() % kSevenDigitModulus);

    for (const AdminUnits::Unit& unit : units.all()) {
        if (unit.level != AdminUnits::Level::Province)
            continue;
        const QString cccdCode = QLatin1Char('0') + unit.code;
        if (units.isCccdProvinceCode(cccdCode) && !m_cccdProvinces.contains(cccdCode))
            m_cccdProvinces.append(cccdCode);
    }
}

quint64 DemoPeople::nextRandom()
{
    // splitmix64: small, fast and the same on every platform (std:: distributions are not).
    quint64 z = (m_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

quint32 DemoPeople::below(quint32 n)
{
    return static_cast<quint32>(((nextRandom() >> 32) * n) >> 32);
}

void DemoPeople::preparePlaces(const QDate& today)
{
    using Level = AdminUnits::Level;
    m_places.clear();
    m_placesFrom = QDate();
    m_placesTo = QDate();
    auto narrow = [this](const AdminUnits::Unit& unit) {
        if (unit.validFrom.isValid() && (!m_placesFrom.isValid() || unit.validFrom > m_placesFrom))
            m_placesFrom = unit.validFrom;
        if (unit.validTo.isValid() && (!m_placesTo.isValid() || unit.validTo < m_placesTo))
            m_placesTo = unit.validTo;
    };

    // Provinces whose wards are in the data get most people: Hồ Chí Minh City, Hà Nội, Đà Nẵng.
    auto provinceWeight = [](const QString& code, bool withWards) -> quint32 {
        if (!withWards)
            return 4;
        if (code == QLatin1String("79"))
            return 300;
        if (code == QLatin1String("01"))
            return 260;
        if (code == QLatin1String("48"))
            return 90;
        return 60;
    };

    const bool withDistricts = m_units->hasDistricts(today);
    quint32 total = 0;
    for (const AdminUnits::Unit& province : m_units->provinces(today)) {
        narrow(province);
        std::vector<Place> places;
        bool withWards = false;
        if (withDistricts) {
            for (const AdminUnits::Unit& district : m_units->children(province.code, Level::District, today)) {
                narrow(district);
                const QList<AdminUnits::Unit> wards = m_units->children(district.code, Level::Ward, today);
                for (const AdminUnits::Unit& ward : wards) {
                    narrow(ward);
                    places.push_back({province.code, district.code, ward.code, 0});
                }
                if (wards.isEmpty())
                    places.push_back({province.code, district.code, QString(), 0});
                withWards = withWards || !wards.isEmpty();
            }
        } else {
            for (const AdminUnits::Unit& ward : m_units->children(province.code, Level::Ward, today)) {
                narrow(ward);
                places.push_back({province.code, QString(), ward.code, 0});
                withWards = true;
            }
        }
        if (places.empty())
            places.push_back({province.code, QString(), QString(), 0});
        if (withWards) // keep people where the wards are known
            places.erase(std::remove_if(places.begin(), places.end(), [](const Place& p) { return p.wardCode.isEmpty(); }),
                         places.end());

        // Spread the province's weight over its places (at least 1 each).
        const quint32 weight = provinceWeight(province.code, withWards) * 1000;
        const quint32 each = std::max<quint32>(1, weight / static_cast<quint32>(places.size()));
        for (Place& place : places) {
            total += each;
            place.cumulativeWeight = total;
            m_places.push_back(std::move(place));
        }
    }
    m_placesReady = true;
}

const DemoPeople::Place& DemoPeople::pickPlace()
{
    const quint32 draw = below(m_places.back().cumulativeWeight);
    const auto it = std::upper_bound(m_places.cbegin(), m_places.cend(), draw,
                                     [](quint32 value, const Place& place) { return value < place.cumulativeWeight; });
    return *it;
}

QString DemoPeople::name(Sex sex, int age)
{
    const QString& family = familyNames().at(below(familyNames().total()));
    // Older women are mostly "Thị", older men mostly "Văn"; the young get other middle names.
    const quint32 traditional = age >= 50 ? 75 : (age >= 30 ? 50 : 20);
    const bool female = sex == Sex::Female;
    QString middle;
    if (below(100) < traditional) {
        static const QString thi = s(u"Thị");
        static const QString van = s(u"Văn");
        middle = female ? thi : van;
    } else {
        const Table& middles = female ? femaleMiddleNames() : maleMiddleNames();
        middle = middles.at(below(middles.total()));
        if (age < 30 && below(100) < 15)
            middle = middle % QLatin1Char(' ') % middles.at(below(middles.total()));
    }
    const Table& given = female ? femaleGivenNames() : maleGivenNames();
    return family % QLatin1Char(' ') % middle % QLatin1Char(' ') % given.at(below(given.total()));
}

QString DemoPeople::address(const Place& place)
{
    const QString house = QString::number(below(250) + 1);
    if (place.provinceCode == QLatin1String("01")) {
        const QString& street = hanoiStreets().at(below(hanoiStreets().total()));
        if (below(2) == 0) {
            return QStringView(u"số ") % house % QStringView(u" ngõ ") % QString::number(below(180) + 1)
                % QStringView(u" phố ") % street;
        }
        return QStringView(u"số ") % house % QStringView(u" phố ") % street;
    }
    const QString& street = streets().at(below(streets().total()));
    if (place.provinceCode == QLatin1String("79") && below(3) == 0)
        return house % QLatin1Char('/') % QString::number(below(60) + 1) % QStringView(u" đường ") % street;
    return house % QStringView(u" đường ") % street;
}

QString DemoPeople::phone()
{
    const QString& prefix = mobilePrefixes().at(below(mobilePrefixes().total()));
    const QString rest = digits(permute(m_phoneCount++, kPhoneMultiplier, m_phoneOffset, kSevenDigitModulus), 7);
    const quint32 style = below(10);
    if (style < 7)
        return prefix % rest;
    if (style < 9)
        return prefix % rest.left(1) % QLatin1Char(' ') % rest.mid(1, 3) % QLatin1Char(' ') % rest.mid(4);
    return QStringLiteral("+84") % QStringView(prefix).mid(1) % rest;
}

QString DemoPeople::insurance(const Place& place)
{
    if (below(2) == 0) // the 10-digit social insurance number: province code and 8 digits
        return place.provinceCode % digits(below(100000000), 8);
    // Old card: who pays (2 letters), benefit level (1–5), province, social insurance number.
    // (Each draw in its own statement: the order of operands in one expression is unspecified.)
    const QString& object = insuranceObjects().at(below(insuranceObjects().total()));
    const QString level = QString::number(below(5) + 1);
    const QString number = digits(below(1000000000), 10);
    return object % level % place.provinceCode % number;
}

PersonDraft DemoPeople::next(const QDate& today)
{
    if (!m_placesReady || (m_placesFrom.isValid() && today < m_placesFrom) || (m_placesTo.isValid() && today > m_placesTo))
        preparePlaces(today);
    ++m_generated;

    PersonDraft draft;
    const Sex sex = below(1000) < 510 ? Sex::Female : Sex::Male;

    // Ages mostly 18–85, younger adults more common, some teenagers.
    int age = 0;
    if (below(100) < 8)
        age = 12 + static_cast<int>(below(6));
    else if (below(2) == 0)
        age = 18 + static_cast<int>(below(68));
    else
        age = 18 + static_cast<int>(std::min(below(68), below(68)));
    const QDate birth = today.addYears(-age).addDays(-static_cast<qint64>(below(365)));

    const Place& place = pickPlace();
    draft.fullName = name(sex, age);
    draft.birthDate = toIsoDate(birth);
    draft.sex = sexCode(sex);

    // IDs: most have a CCCD (some also their old CMND), a few only a CMND or a passport.
    const quint32 idDraw = below(100);
    const bool needsId = age >= 14;
    if (idDraw < 90 || (idDraw >= 98 && needsId)) {
        QString province = QLatin1Char('0') + place.provinceCode;
        if (below(10) < 3 || !m_cccdProvinces.contains(province))
            province = m_cccdProvinces.at(below(static_cast<quint32>(m_cccdProvinces.size())));
        draft.cccd = Cccd::make(province, birth, sex, static_cast<int>(permute(m_cccdCount++, kCccdMultiplier, m_cccdOffset, kCccdModulus)));
        if (age >= 30 && below(100) < 20)
            draft.cmnd = cmndPrefix(place.provinceCode, below(1000)) % digits(permute(m_cmndCount++, kCmndMultiplier, m_cmndOffset, kSevenDigitModulus), 7);
    } else if (idDraw < 96) {
        draft.cmnd = cmndPrefix(place.provinceCode, below(1000)) % digits(permute(m_cmndCount++, kCmndMultiplier, m_cmndOffset, kSevenDigitModulus), 7);
    } else if (idDraw < 98) {
        draft.passport = QLatin1Char('C') % digits(permute(m_passportCount++, kPassportMultiplier, m_passportOffset, kSevenDigitModulus), 7);
    }

    if (below(100) < 85)
        draft.phone = phone();

    draft.address = address(place);
    draft.provinceCode = place.provinceCode;
    draft.districtCode = place.districtCode;
    draft.wardCode = place.wardCode;
    draft.priorityGroup = priorityGroups().at(below(priorityGroups().total()));

    static const QString pupil = s(u"Học sinh");
    static const QString student = s(u"Sinh viên");
    static const QString retired = s(u"Hưu trí");
    if (age < 18)
        draft.occupation = pupil;
    else if (age <= 22 && below(100) < 60)
        draft.occupation = student;
    else if (age >= 60 && below(100) < 60)
        draft.occupation = retired;
    else
        draft.occupation = occupations().at(below(occupations().total()));
    draft.ethnicity = ethnicities().at(below(ethnicities().total()));
    static const QString vietnam = QStringLiteral("VN");
    draft.nationality = vietnam;
    if (below(100) < 60)
        draft.insuranceNumber = insurance(place);
    return draft;
}

} // namespace vax
