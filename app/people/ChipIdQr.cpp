#include "ChipIdQr.h"

#include <QStringList>

#include "app/common/TimeText.h"
#include "app/people/NameText.h"

#include <algorithm>

namespace vax {

namespace {

bool allDigits(const QString& text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); });
}

QDate cardDate(const QString& text)
{
    if (text.size() != 8 || !allDigits(text))
        return {};
    return QDate(text.mid(4, 4).toInt(), text.mid(2, 2).toInt(), text.left(2).toInt());
}

} // namespace

PersonDraft ChipIdCard::toDraft() const
{
    PersonDraft draft;
    draft.fullName = fullName;
    draft.birthDate = toIsoDate(birthDate);
    draft.sex = sexCode(sex);
    draft.cccd = cccd;
    if (cmnd.size() == 9)
        draft.cmnd = cmnd;
    draft.address = address;
    return draft;
}

namespace ChipIdQr {

bool looksLike(const QString& text)
{
    const QString t = text.trimmed();
    if (t.size() < 13 || t.at(12) != QLatin1Char('|'))
        return false;
    return allDigits(t.left(12));
}

std::optional<ChipIdCard> parse(const QString& text)
{
    const QString composed = text.normalized(QString::NormalizationForm_C).trimmed();
    const QStringList fields = composed.split(QLatin1Char('|'));
    if (fields.size() != 7)
        return std::nullopt;

    ChipIdCard card;
    card.cccd = fields.at(0).trimmed();
    card.cmnd = fields.at(1).trimmed();
    if (card.cccd.size() != 12 || !allDigits(card.cccd))
        return std::nullopt;
    if (!card.cmnd.isEmpty() && (!allDigits(card.cmnd) || (card.cmnd.size() != 9 && card.cmnd.size() != 12)))
        return std::nullopt;

    card.fullName = NameText::normalize(fields.at(2));
    if (card.fullName.isEmpty())
        return std::nullopt;

    card.birthDate = cardDate(fields.at(3).trimmed());
    card.issueDate = cardDate(fields.at(6).trimmed());
    if (!card.birthDate.isValid() || !card.issueDate.isValid())
        return std::nullopt;

    const QString sex = NameText::fold(fields.at(4));
    if (sex == QLatin1String("nam"))
        card.sex = Sex::Male;
    else if (sex == QLatin1String("nu"))
        card.sex = Sex::Female;
    else
        return std::nullopt;

    card.address = fields.at(5).simplified();
    return card;
}

} // namespace ChipIdQr

} // namespace vax
