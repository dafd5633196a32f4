#pragma once

#include "app/store/StockRepository.h"

#include <QWidget>

class QChartView;

namespace vax {

// Doses given per day (bars) and doses on hand at each day's end (line), all products
// together: the one corner of the stock screen that knows QtCharts.
class StockChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StockChart)

public:
    explicit StockChart(QWidget* parent = nullptr);
    ~StockChart() override;

    // Every day of the period, in order; products of one day are added up.
    void setDays(const QList<StockDay>& days, const QDate& from, const QDate& to);

private:
    QChartView* m_view = nullptr;
};

} // namespace vax
