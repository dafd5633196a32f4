#include "app/people/ChipIdQr.h"
#include "app/people/PersonValidator.h"

#include <QTest>

using namespace vax;

namespace {

QString withCmnd()
{
    return QStringLiteral("001099012345|012345678|Nguyễn Văn An|01051999|Nam|"
                          "Số 12 ngõ 34 phố Hàng Bạc, Phường Hàng Bạc, Quận Hoàn Kiếm, Hà Nội|15062021");
}

QString withoutCmnd()
{
    return QStringLiteral("079301000123||TRẦN THỊ BÍCH NGỌC|20112001|Nữ|"
                          "123 đường Lê Lợi, Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh|02032022");
}

} // namespace

class TestChipIdQr : public QObject
{
    Q_OBJECT

private slots:
    void readsACardWithCmnd();
    void readsACardWithoutCmnd();
    void toleratesLineEndingsWhitespaceAndNfd();
    void acceptsNuWithoutDiacritics();
    void rejectsOtherText_data();
    void rejectsOtherText();
    void looksLike();
    void draftPassesValidation();
};

void TestChipIdQr::readsACardWithCmnd()
{
    const std::optional<ChipIdCard> card = ChipIdQr::parse(withCmnd());
    QVERIFY(card.has_value());
    QCOMPARE(card->cccd, QStringLiteral("001099012345"));
    QCOMPARE(card->cmnd, QStringLiteral("012345678"));
    QCOMPARE(card->fullName, QStringLiteral("Nguyễn Văn An"));
    QCOMPARE(card->birthDate, QDate(1999, 5, 1));
    QCOMPARE(card->sex, Sex::Male);
    QVERIFY(card->address.startsWith(QStringLiteral("Số 12 ngõ 34")));
    QCOMPARE(card->issueDate, QDate(2021, 6, 15));
}

void TestChipIdQr::readsACardWithoutCmnd()
{
    const std::optional<ChipIdCard> card = ChipIdQr::parse(withoutCmnd());
    QVERIFY(card.has_value());
    QVERIFY(card->cmnd.isEmpty());
    QCOMPARE(card->fullName, QStringLiteral("Trần Thị Bích Ngọc")); // upper case on the card, title case here
    QCOMPARE(card->sex, Sex::Female);
    QCOMPARE(card->birthDate, QDate(2001, 11, 20));
}

void TestChipIdQr::toleratesLineEndingsWhitespaceAndNfd()
{
    const std::optional<ChipIdCard> plain = ChipIdQr::parse(withCmnd());
    const std::optional<ChipIdCard> crlf = ChipIdQr::parse(QStringLiteral("  ") + withCmnd() + QStringLiteral("\r\n"));
    const std::optional<ChipIdCard> nfd = ChipIdQr::parse(withCmnd().normalized(QString::NormalizationForm_D));
    QVERIFY(plain && crlf && nfd);
    QCOMPARE(crlf->issueDate, plain->issueDate);
    QCOMPARE(nfd->fullName, plain->fullName);
    QCOMPARE(nfd->address, plain->address);
    QCOMPARE(nfd->sex, plain->sex);
}

void TestChipIdQr::acceptsNuWithoutDiacritics()
{
    QString text = withoutCmnd();
    text.replace(QStringLiteral("|Nữ|"), QStringLiteral("|Nu|"));
    const std::optional<ChipIdCard> card = ChipIdQr::parse(text);
    QVERIFY(card.has_value());
    QCOMPARE(card->sex, Sex::Female);
}

void TestChipIdQr::rejectsOtherText_data()
{
    QTest::addColumn<QString>("text");
    QString badBirth = withCmnd();
    badBirth.replace(QStringLiteral("|01051999|"), QStringLiteral("|31022000|"));
    QString badIssue = withCmnd();
    badIssue.replace(QStringLiteral("|15062021"), QStringLiteral("|15132021"));
    QString shortCccd = withCmnd();
    shortCccd.remove(0, 1);
    QString badSex = withCmnd();
    badSex.replace(QStringLiteral("|Nam|"), QStringLiteral("|X|"));
    QTest::newRow("30 February") << badBirth;
    QTest::newRow("month 13 in issue date") << badIssue;
    QTest::newRow("11-digit CCCD") << shortCccd;
    QTest::newRow("unknown sex") << badSex;
    QTest::newRow("six fields") << withCmnd().section(QLatin1Char('|'), 0, 5);
    QTest::newRow("eight fields") << withCmnd() + QStringLiteral("|extra");
    QTest::newRow("a name") << QStringLiteral("Nguyễn Văn An");
    QTest::newRow("empty") << QString();
}

void TestChipIdQr::rejectsOtherText()
{
    QFETCH(QString, text);
    QVERIFY(!ChipIdQr::parse(text).has_value());
}

void TestChipIdQr::looksLike()
{
    QVERIFY(ChipIdQr::looksLike(withCmnd()));
    QVERIFY(ChipIdQr::looksLike(QStringLiteral(" ") + withoutCmnd()));
    QVERIFY(!ChipIdQr::looksLike(QStringLiteral("Nguyễn Văn An")));
    QVERIFY(!ChipIdQr::looksLike(QStringLiteral("0912345678")));
    QVERIFY(!ChipIdQr::looksLike(QStringLiteral("001099012345")));
}

void TestChipIdQr::draftPassesValidation()
{
    const std::optional<ChipIdCard> card = ChipIdQr::parse(withCmnd());
    QVERIFY(card.has_value());
    const PersonDraft draft = card->toDraft();
    QCOMPARE(draft.birthDate, QStringLiteral("1999-05-01"));
    QCOMPARE(draft.sex, QStringLiteral("M"));
    QCOMPARE(draft.cmnd, QStringLiteral("012345678"));
    const Result<Person> person = PersonValidator(AdminUnits::builtin()).validate(draft, QDate(2026, 3, 1));
    QVERIFY2(person.ok(), qPrintable(person.ok() ? QString() : person.error().message()));
    QCOMPARE(person->cccd, QStringLiteral("001099012345"));
}

QTEST_GUILESS_MAIN(TestChipIdQr)
#include "tst_chipidqr.moc"
