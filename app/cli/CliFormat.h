#pragma once

#include "app/people/Person.h"
#include "app/store/ClinicalRepository.h"
#include "app/store/StockRepository.h"

#include <QJsonObject>

namespace vax::cli {

// How vaxctl shows records: JSON (the record's own fields plus a few derived ones) and one
// line of text for people.
QJsonObject personJson(const Person& person, const QDate& today);
QString personLine(const Person& person, const QDate& today);
QJsonObject lotBalanceJson(const LotBalance& balance);
QString lotBalanceLine(const LotBalance& balance);
QJsonObject injectionJson(const InjectionView& view);
QString injectionLine(const InjectionView& view);

} // namespace vax::cli
