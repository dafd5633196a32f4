#include "app/people/NameText.h"

#include <QTest>

using namespace vax;

class TestNameText : public QObject
{
    Q_OBJECT

private slots:
    void foldDropsDiacriticsAndFoldsD_data();
    void foldDropsDiacriticsAndFoldsD();
    void foldTreatsComposedAndDecomposedAlike();
    void typedSearchFindsTheName();
    void normalizeTitleCasesSingleCaseNames_data();
    void normalizeTitleCasesSingleCaseNames();
    void normalizeKeepsMixedCase();
    void normalizeComposesAndCollapsesWhitespace();
    void tokensSplitTheFoldedText();
};

void TestNameText::foldDropsDiacriticsAndFoldsD_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("folded");
    QTest::newRow("full name") << QStringLiteral("Nguyễn  Văn Đức") << QStringLiteral("nguyen van duc");
    QTest::newRow("lower d with stroke") << QStringLiteral("đặng đình đạt") << QStringLiteral("dang dinh dat");
    QTest::newRow("eth typed for D") << QStringLiteral("Ðỗ Ðức") << QStringLiteral("do duc");
    QTest::newRow("horn vowels") << QStringLiteral("Trương Thị Ơn Ưng") << QStringLiteral("truong thi on ung");
    QTest::newRow("punctuation to single spaces") << QStringLiteral("  Lê-Thị,  (Hồng)  ") << QStringLiteral("le thi hong");
    QTest::newRow("digits kept") << QStringLiteral("Phường 12, Quận 3") << QStringLiteral("phuong 12 quan 3");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("only symbols") << QStringLiteral("--- ,,,") << QString();
}

void TestNameText::foldDropsDiacriticsAndFoldsD()
{
    QFETCH(QString, text);
    QFETCH(QString, folded);
    QCOMPARE(NameText::fold(text), folded);
}

void TestNameText::foldTreatsComposedAndDecomposedAlike()
{
    const QString composed = QStringLiteral("Nguyễn Thị Hồng Nhung Đỗ");
    const QString decomposed = composed.normalized(QString::NormalizationForm_D);
    QVERIFY(composed != decomposed); // the test means something only if the forms differ
    QCOMPARE(NameText::fold(decomposed), NameText::fold(composed));
    QCOMPARE(NameText::fold(decomposed), QStringLiteral("nguyen thi hong nhung do"));
}

void TestNameText::typedSearchFindsTheName()
{
    // What a clerk types without a Vietnamese keyboard must match the stored key.
    QCOMPARE(NameText::fold(QStringLiteral("nguyen van duc")), NameText::fold(QStringLiteral("Nguyễn Văn Đức")));
    QCOMPARE(NameText::fold(QStringLiteral("NGUYEN VAN DUC")), NameText::fold(QStringLiteral("NGUYỄN VĂN ĐỨC")));
    QVERIFY(NameText::fold(QStringLiteral("Nguyễn Văn Đức")) != NameText::fold(QStringLiteral("Nguyễn Văn Được")));
}

void TestNameText::normalizeTitleCasesSingleCaseNames_data()
{
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("normalized");
    QTest::newRow("lower") << QStringLiteral("nguyễn văn đức") << QStringLiteral("Nguyễn Văn Đức");
    QTest::newRow("upper") << QStringLiteral("NGUYỄN VĂN ĐỨC") << QStringLiteral("Nguyễn Văn Đức");
    QTest::newRow("hyphenated") << QStringLiteral("trần thị-hà") << QStringLiteral("Trần Thị-Hà");
    QTest::newRow("eth becomes D with stroke") << QStringLiteral("ÐỖ VĂN AN") << QStringLiteral("Đỗ Văn An");
}

void TestNameText::normalizeTitleCasesSingleCaseNames()
{
    QFETCH(QString, raw);
    QFETCH(QString, normalized);
    QCOMPARE(NameText::normalize(raw), normalized);
}

void TestNameText::normalizeKeepsMixedCase()
{
    QCOMPARE(NameText::normalize(QStringLiteral("Nguyễn văn ĐỨC")), QStringLiteral("Nguyễn văn ĐỨC"));
    QCOMPARE(NameText::normalize(QStringLiteral("H'Hen Niê")), QStringLiteral("H'Hen Niê"));
}

void TestNameText::normalizeComposesAndCollapsesWhitespace()
{
    const QString decomposed = QStringLiteral("  Lê \t Thị\n Hồng  ").normalized(QString::NormalizationForm_D);
    const QString normalized = NameText::normalize(decomposed);
    QCOMPARE(normalized, QStringLiteral("Lê Thị Hồng"));
    QCOMPARE(normalized, normalized.normalized(QString::NormalizationForm_C));
    QCOMPARE(NameText::normalize(QStringLiteral("   ")), QString());
}

void TestNameText::tokensSplitTheFoldedText()
{
    QCOMPARE(NameText::tokens(QStringLiteral(" Nguyễn  Văn-Đức ")),
             (QStringList{QStringLiteral("nguyen"), QStringLiteral("van"), QStringLiteral("duc")}));
    QVERIFY(NameText::tokens(QStringLiteral(" - ")).isEmpty());
}

QTEST_GUILESS_MAIN(TestNameText)
#include "tst_nametext.moc"
