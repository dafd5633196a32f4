#include "NameText.h"

namespace vax::NameText {

namespace {

constexpr char16_t kEthUpper = 0x00D0;   // Ð, looks like Đ
constexpr char16_t kEthLower = 0x00F0;   // ð
constexpr char16_t kDStrokeUpper = 0x0110; // Đ
constexpr char16_t kDStrokeLower = 0x0111; // đ

bool isWordStart(const QString& text, qsizetype i)
{
    if (i == 0)
        return true;
    const QChar before = text.at(i - 1);
    return before == QLatin1Char(' ') || before == QLatin1Char('-');
}

QString titleCase(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        out.append(isWordStart(text, i) ? c.toUpper() : c.toLower());
    }
    return out;
}

} // namespace

QString normalize(const QString& raw)
{
    QString text = raw.normalized(QString::NormalizationForm_C).simplified();
    for (QChar& c : text) {
        if (c.unicode() == kEthUpper)
            c = QChar(kDStrokeUpper);
        else if (c.unicode() == kEthLower)
            c = QChar(kDStrokeLower);
    }
    const bool allLower = text == text.toLower();
    const bool allUpper = text == text.toUpper();
    if (allLower == allUpper) // no cased letters at all, or nothing typed
        return text;
    if (allLower || allUpper)
        return titleCase(text);
    return text;
}

QString fold(const QString& text)
{
    const QString decomposed = text.normalized(QString::NormalizationForm_D);
    QString out;
    out.reserve(decomposed.size());
    bool pendingSpace = false;
    for (const QChar c : decomposed) {
        const QChar::Category category = c.category();
        if (category == QChar::Mark_NonSpacing || category == QChar::Mark_SpacingCombining
            || category == QChar::Mark_Enclosing)
            continue;
        QChar folded;
        switch (c.unicode()) {
        case kDStrokeUpper:
        case kDStrokeLower:
        case kEthUpper:
        case kEthLower:
            folded = QLatin1Char('d');
            break;
        default:
            if (!c.isLetterOrNumber()) {
                pendingSpace = true;
                continue;
            }
            folded = c.toLower();
        }
        if (pendingSpace && !out.isEmpty())
            out.append(QLatin1Char(' '));
        pendingSpace = false;
        out.append(folded);
    }
    return out;
}

QStringList tokens(const QString& text)
{
    return fold(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace vax::NameText
