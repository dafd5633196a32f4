#pragma once

#include "app/services/InjectionService.h"

#include <QAbstractTableModel>
#include <QDateTime>

namespace vax {

// The lots a nurse may take a vial from, in the service's order (an open vial first, then by
// product, first expiry first); lots that expire within InjectionService::kNearExpiryDays are
// amber. A lot with an open vial shows the doses left in it and a countdown to its discard
// time, amber and bold within VialService::kWarnMinutes. tick() moves the countdown with a
// dataChanged on that column only, so the nurse's selection stays.
class LotChoiceModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LotChoiceModel)

public:
    enum Column { ProductColumn, LotColumn, ExpiryColumn, DaysLeftColumn, DosesColumn, VialsColumn, OpenVialColumn, ColumnCount };
    enum Role {
        IdRole = Qt::UserRole + 1,  // the lot id
        ProductCodeRole,
        NearExpiryRole,
        OpenVialDosesRole,          // doses left in the open vial; 0 when none is open
        DiscardAtRole,              // the open vial's discard time; invalid when none is open
        DiscardSoonRole,            // within VialService::kWarnMinutes of it
    };

    explicit LotChoiceModel(QObject* parent = nullptr);

    // Same lots in the same order: updated in place (selection kept); otherwise a reset.
    void setChoices(const QList<LotChoice>& choices, const QDateTime& now);
    void tick(const QDateTime& now);
    const LotChoice& choice(int row) const { return m_choices.at(row); }
    int rowOf(const QString& lotId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant openVialData(const LotChoice& choice, int role) const;

    QList<LotChoice> m_choices;
    QDateTime m_now;
};

} // namespace vax
