#include "StockChart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QMap>
#include <QValueAxis>
#include <QVBoxLayout>

namespace vax {

StockChart::StockChart(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_view = new QChartView(this);
    m_view->setObjectName(QStringLiteral("stockChartView"));
    m_view->setRenderHint(QPainter::Antialiasing);
    layout->addWidget(m_view);
}

StockChart::~StockChart() = default;

void StockChart::setDays(const QList<StockDay>& days, const QDate& from, const QDate& to)
{
    QMap<QDate, std::pair<qint64, qint64>> byDay;  // given, on hand
    for (QDate d = from; d <= to; d = d.addDays(1))
        byDay.insert(d, {0, 0});
    for (const StockDay& d : days) {
        auto& sums = byDay[d.day];
        sums.first += d.given;
        sums.second += d.onHand;
    }

    auto* chart = new QChart;
    chart->setTitle(tr("Doses given per day and doses on hand, %1 – %2")
                        .arg(from.toString(QStringLiteral("dd/MM")), to.toString(QStringLiteral("dd/MM/yyyy"))));
    auto* given = new QBarSet(tr("Doses given"));
    given->setColor(QColor(0x19, 0x76, 0xd2));
    auto* onHand = new QLineSeries;
    onHand->setName(tr("On hand (end of day)"));
    onHand->setColor(QColor(0xef, 0x6c, 0x00));
    QStringList labels;
    qint64 maxGiven = 0;
    qint64 maxOnHand = 0;
    int x = 0;
    for (auto it = byDay.cbegin(); it != byDay.cend(); ++it, ++x) {
        labels << it.key().toString(QStringLiteral("dd/MM"));
        *given << double(it->first);
        onHand->append(x, double(it->second));
        maxGiven = qMax(maxGiven, it->first);
        maxOnHand = qMax(maxOnHand, it->second);
    }
    auto* bars = new QBarSeries;
    bars->append(given);
    chart->addSeries(bars);
    chart->addSeries(onHand);

    auto* dayAxis = new QBarCategoryAxis;
    dayAxis->append(labels);
    dayAxis->setLabelsAngle(-90);
    chart->addAxis(dayAxis, Qt::AlignBottom);
    auto* givenAxis = new QValueAxis;
    givenAxis->setTitleText(tr("Given"));
    givenAxis->setRange(0, double(qMax<qint64>(5, maxGiven + maxGiven / 10 + 1)));
    givenAxis->applyNiceNumbers();
    givenAxis->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(givenAxis, Qt::AlignLeft);
    auto* onHandAxis = new QValueAxis;
    onHandAxis->setTitleText(tr("On hand"));
    onHandAxis->setRange(0, double(qMax<qint64>(10, maxOnHand + maxOnHand / 10 + 1)));
    onHandAxis->applyNiceNumbers();
    onHandAxis->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(onHandAxis, Qt::AlignRight);
    bars->attachAxis(dayAxis);
    bars->attachAxis(givenAxis);
    onHand->attachAxis(dayAxis);
    onHand->attachAxis(onHandAxis);
    chart->legend()->setAlignment(Qt::AlignBottom);

    QChart* old = m_view->chart();
    m_view->setChart(chart);
    delete old;
}

} // namespace vax
