#pragma once

#include "app/clinical/ScreeningForm.h"
#include "app/services/ScreeningService.h"
#include "tests/support/Must.h"

#include <QtGlobal>

#include <optional>

namespace vax::test {

// Every item of the form answered "no" and a normal temperature, except `yesItem`, answered
// "yes" (with a detail when the item asks for one).
inline ScreeningAnswers allNoExcept(const ScreeningForm& form, const QString& yesItem = {})
{
    ScreeningAnswers a;
    for (const ScreeningForm::Item& item : form.items())
        a.answers.insert(item.key, item.key == yesItem ? QStringLiteral("yes") : QStringLiteral("no"));
    if (const ScreeningForm::Item* asked = form.item(yesItem); asked && asked->detailWhenNotNo)
        a.details.insert(yesItem, QStringLiteral("penicillin"));
    a.temperatureC = 36.6;
    return a;
}

// The key of the first item whose "yes" leads to `conclusion`; with `withDetail`, of the first
// such item that asks for a detail, or that does not. Stops the test when the form has none.
inline QString itemLeadingTo(const ScreeningForm& form, ScreeningConclusion conclusion,
    std::optional<bool> withDetail = std::nullopt)
{
    for (const ScreeningForm::Item& item : form.items()) {
        const ScreeningForm::Option* yes = item.option(QStringLiteral("yes"));
        if (yes && yes->conclusion == conclusion && (!withDetail || item.detailWhenNotNo == *withDetail))
            return item.key;
    }
    qFatal("the form has no item leading to %s", qPrintable(conclusionKey(conclusion)));
}

// Checks the person in and records the screening; returns the visit id.
inline QString checkInAndScreen(ScreeningService& screening, const Session& nurse, const QString& personId,
    const ScreeningAnswers& answers)
{
    const QString visitId = must(screening.checkIn(nurse, personId)).stamp.id;
    must(screening.record(nurse, visitId, answers));
    return visitId;
}

} // namespace vax::test
