#pragma once

#include "app/common/Result.h"
#include "app/store/StockRepository.h"

#include <QCommandLineParser>
#include <QJsonObject>

namespace vax {
class SiteStore;
}

namespace vax::cli {

class CliContext;

// What the stock commands share: naming a lot on the command line (--lot, and --product when
// two products have a lot of that number), and showing movements and shipments.
void addLotOptions(QCommandLineParser& parser);
Result<QString> resolveLot(CliContext& ctx, const QCommandLineParser& parser);

QJsonObject movementJson(SiteStore& store, const StockMovement& movement);
QString movementLine(SiteStore& store, const StockMovement& movement);
void printMovement(CliContext& ctx, const StockMovement& movement);
QJsonObject shipmentJson(const Shipment& shipment);
QString shipmentLine(SiteStore& store, const Shipment& shipment);
// A holder's code for people ("HN-BD-PX01-T1"), or its id when it is not known here.
QString holderCode(SiteStore& store, const QString& holderId);

} // namespace vax::cli
