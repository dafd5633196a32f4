#include "ScreeningChecklist.h"

#include <QButtonGroup>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QVBoxLayout>

namespace vax {

namespace {

const QLatin1String kNo("no");
const QLatin1String kYes("yes");
const char* const kOptionProperty = "optionValue";

const QString kAnsweredStyle = QStringLiteral("background: #fff3e0; color: #e65100; font-weight: bold;");

std::optional<double> parseNumber(const QString& text, bool* ok)
{
    QString t = text.trimmed();
    *ok = true;
    if (t.isEmpty())
        return std::nullopt;
    t.replace(QLatin1Char(','), QLatin1Char('.'));
    const double value = t.toDouble(ok);
    if (!*ok)
        return std::nullopt;
    return value;
}

} // namespace

ScreeningChecklist::ScreeningChecklist(const ScreeningForm& form, QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("screeningChecklist"));
    const QLocale locale;
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* hint = new QLabel(tr("Tab or ↑/↓: next question · ←/→, 1–3, N or Y: answer · Alt+N: all No"), this);
    hint->setObjectName(QStringLiteral("checklistHintLabel"));
    hint->setStyleSheet(QStringLiteral("color: #546e7a;"));
    layout->addWidget(hint);

    for (const ScreeningForm::Item& item : form.items())
        m_items.append(ItemRow{item, nullptr, {}, nullptr, nullptr, nullptr});
    for (const ScreeningForm::Vital& vital : form.vitals())
        m_vitals.append(VitalRow{vital, nullptr, nullptr});
    buildItems(locale);
    buildVitals(locale);
    layout->addStretch(1);
}

ScreeningChecklist::~ScreeningChecklist() = default;

void ScreeningChecklist::buildItems(const QLocale& locale)
{
    auto* items = new QWidget(this);
    items->setObjectName(QStringLiteral("checklistItemsWidget"));
    auto* grid = new QGridLayout(items);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(2);
    grid->setColumnStretch(1, 1);
    for (int row = 0; row < m_items.size(); ++row) {
        ItemRow& r = m_items[row];
        auto* number = new QLabel(QStringLiteral("%1.").arg(row + 1), items);
        number->setAlignment(Qt::AlignRight | Qt::AlignTop);
        r.text = new QLabel(r.item.text(locale), items);
        r.text->setObjectName(r.item.key + QStringLiteral("Label"));
        r.text->setWordWrap(true);
        r.text->setMinimumWidth(220);
        r.text->setContentsMargins(4, 2, 4, 2);
        grid->addWidget(number, 2 * row, 0);
        grid->addWidget(r.text, 2 * row, 1);

        auto* options = new QWidget(items);
        auto* optionsLayout = new QHBoxLayout(options);
        optionsLayout->setContentsMargins(0, 0, 0, 0);
        optionsLayout->setSpacing(14);
        r.group = new QButtonGroup(this);
        r.group->setObjectName(r.item.key + QStringLiteral("ButtonGroup"));
        for (int i = 0; i < r.item.options.size(); ++i) {
            const ScreeningForm::Option& option = r.item.options.at(i);
            auto* button = new QRadioButton(option.text(locale), options);
            button->setObjectName(r.item.key + QLatin1Char('_') + option.value + QStringLiteral("RadioButton"));
            button->setProperty(kOptionProperty, option.value);
            button->setToolTip(tr("Key %1").arg(i + 1));
            button->installEventFilter(this);
            r.group->addButton(button, i);
            r.buttons << button;
            optionsLayout->addWidget(button);
        }
        if (!r.item.detailWhenNotNo)
            optionsLayout->addStretch(1);
        grid->addWidget(options, 2 * row, 2, Qt::AlignTop);
        connect(r.group, &QButtonGroup::idToggled, this, [this, row](int, bool checked) {
            if (checked)
                answerChanged(row);
        });

        if (r.item.detailWhenNotNo) {
            r.detail = new QLineEdit(options);
            r.detail->setObjectName(r.item.key + QStringLiteral("DetailLineEdit"));
            r.detail->setPlaceholderText(r.item.detailLabel(locale));
            r.detail->setToolTip(r.item.detailLabel(locale));
            r.detail->setEnabled(false);
            r.detail->setMinimumWidth(160);
            // Next to the answer it depends on, where the eye already is.
            optionsLayout->addSpacing(8);
            optionsLayout->addWidget(r.detail, 1);
            connect(r.detail, &QLineEdit::textEdited, this, &ScreeningChecklist::changed);
        }
        r.error = new QLabel(items);
        r.error->setObjectName(r.item.key + QStringLiteral("ErrorLabel"));
        grid->addWidget(r.error, 2 * row + 1, 1, 1, 2);
        m_errors.bind(r.item.key, r.text, r.error);
    }
    layout()->addWidget(items);
}

void ScreeningChecklist::buildVitals(const QLocale& locale)
{
    auto* box = new QGroupBox(tr("Vital signs"), this);
    box->setObjectName(QStringLiteral("vitalsGroupBox"));
    auto* outer = new QVBoxLayout(box);
    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(6);
    outer->addLayout(grid);
    auto* errors = new QVBoxLayout;
    errors->setSpacing(0);
    outer->addLayout(errors);
    constexpr int kPerRow = 2;  // blood pressure, systolic then diastolic, on one line
    for (int i = 0; i < m_vitals.size(); ++i) {
        VitalRow& v = m_vitals[i];
        const QString text = v.vital.required ? tr("%1 *").arg(v.vital.label(locale)) : v.vital.label(locale);
        auto* label = new QLabel(text, box);
        if (v.vital.required)
            label->setStyleSheet(QStringLiteral("font-weight: bold;"));
        v.edit = new QLineEdit(box);
        v.edit->setObjectName(vitalObjectName(v.vital.key));
        v.edit->setMaximumWidth(80);
        v.edit->setAlignment(Qt::AlignRight);
        v.edit->setToolTip(tr("Normal %1–%2 %3").arg(locale.toString(v.vital.normalMin), locale.toString(v.vital.normalMax), v.vital.unit));
        label->setBuddy(v.edit);
        auto* unit = new QLabel(v.vital.unit, box);
        const int r = i / kPerRow;
        const int c = (i % kPerRow) * 4;
        grid->addWidget(label, r, c, Qt::AlignRight);
        grid->addWidget(v.edit, r, c + 1);
        grid->addWidget(unit, r, c + 2);
        grid->setColumnMinimumWidth(c + 3, 18);
        v.error = new QLabel(box);
        v.error->setObjectName(v.edit->objectName().replace(QStringLiteral("LineEdit"), QStringLiteral("ErrorLabel")));
        errors->addWidget(v.error);
        m_errors.bind(v.vital.key, v.edit, v.error);
        connect(v.edit, &QLineEdit::textEdited, this, &ScreeningChecklist::changed);
    }
    grid->setColumnStretch(kPerRow * 4, 1);
    layout()->addWidget(box);
}

QString ScreeningChecklist::vitalObjectName(const QString& vitalKey)
{
    QString name = vitalKey == QLatin1String("temperature_c") ? QStringLiteral("temperature") : vitalKey;
    for (qsizetype i = name.indexOf(QLatin1Char('_')); i >= 0 && i + 1 < name.size(); i = name.indexOf(QLatin1Char('_'))) {
        name.remove(i, 1);
        name[i] = name.at(i).toUpper();
    }
    return name + QStringLiteral("LineEdit");
}

Result<ScreeningAnswers> ScreeningChecklist::answers() const
{
    ScreeningAnswers a;
    for (const ItemRow& r : m_items) {
        if (QAbstractButton* checked = r.group->checkedButton())
            a.answers.insert(r.item.key, checked->property(kOptionProperty).toString());
        if (r.detail && r.detail->isEnabled() && !r.detail->text().trimmed().isEmpty())
            a.details.insert(r.item.key, r.detail->text().trimmed());
    }
    QList<FieldError> faults;
    for (const VitalRow& v : m_vitals) {
        bool ok = true;
        const std::optional<double> value = parseNumber(v.edit->text(), &ok);
        const bool whole = v.vital.key != QLatin1String("temperature_c");
        if (!ok || (value && whole && *value != double(qint64(*value)))) {
            faults << FieldError{v.vital.key, tr("%1: \"%2\" is not a number; type it like %3.")
                                                  .arg(v.vital.label(QLocale()), v.edit->text().trimmed(),
                                                      whole ? QString::number(qint64(v.vital.normalMin + v.vital.normalMax) / 2)
                                                            : QStringLiteral("36.6"))};
            continue;
        }
        if (!value)
            continue;
        const QString& key = v.vital.key;
        if (key == QLatin1String("temperature_c"))
            a.temperatureC = *value;
        else if (key == QLatin1String("pulse"))
            a.pulse = int(*value);
        else if (key == QLatin1String("systolic"))
            a.systolic = int(*value);
        else if (key == QLatin1String("diastolic"))
            a.diastolic = int(*value);
        else if (key == QLatin1String("spo2"))
            a.spo2 = int(*value);
    }
    if (!faults.isEmpty())
        return Error::invalid(faults);
    return a;
}

void ScreeningChecklist::setAllNo()
{
    for (int row = 0; row < m_items.size(); ++row) {
        for (QRadioButton* b : std::as_const(m_items[row].buttons)) {
            if (b->property(kOptionProperty).toString() == kNo)
                b->setChecked(true);
        }
    }
    emit changed();
}

void ScreeningChecklist::clear()
{
    for (ItemRow& r : m_items) {
        r.group->setExclusive(false);
        for (QRadioButton* b : std::as_const(r.buttons)) {
            b->setChecked(false);
            b->setFocusPolicy(Qt::StrongFocus);
        }
        r.group->setExclusive(true);
        r.text->setStyleSheet(QString());
        if (r.detail) {
            r.detail->clear();
            r.detail->setEnabled(false);
        }
    }
    for (VitalRow& v : m_vitals)
        v.edit->clear();
    clearErrors();
}

void ScreeningChecklist::setGeneralErrorLabel(QLabel* label)
{
    m_errors.setGeneral(label);
}

QWidget* ScreeningChecklist::showErrors(const Error& error)
{
    QWidget* first = m_errors.show(error);
    // The item's text label carries the mark; its chosen option is where the fix is typed.
    for (int row = 0; row < m_items.size(); ++row) {
        if (first == m_items.at(row).text) {
            const ItemRow& r = m_items.at(row);
            if (r.detail && r.detail->isEnabled())
                return r.detail;
            return r.group->checkedButton() ? r.group->checkedButton() : r.buttons.value(0);
        }
    }
    return first;
}

void ScreeningChecklist::clearErrors()
{
    m_errors.clear();
    for (int row = 0; row < m_items.size(); ++row)
        answerChanged(row);
}

QString ScreeningChecklist::errorShown(const QString& key) const
{
    return m_errors.messageShown(key);
}

QWidget* ScreeningChecklist::firstInput() const
{
    if (m_items.isEmpty())
        return m_vitals.isEmpty() ? nullptr : m_vitals.first().edit;
    const ItemRow& r = m_items.first();
    return r.group->checkedButton() ? r.group->checkedButton() : r.buttons.value(0);
}

QLineEdit* ScreeningChecklist::vitalInput(const QString& vitalKey) const
{
    for (const VitalRow& v : m_vitals) {
        if (v.vital.key == vitalKey)
            return v.edit;
    }
    return nullptr;
}

void ScreeningChecklist::answerChanged(int row)
{
    ItemRow& r = m_items[row];
    const QAbstractButton* checked = r.group->checkedButton();
    const bool notNo = checked && checked->property(kOptionProperty).toString() != kNo;
    if (!r.text->property("invalid").toBool())
        r.text->setStyleSheet(notNo ? kAnsweredStyle : QString());
    if (r.detail)
        r.detail->setEnabled(notNo);
    emit changed();
}

void ScreeningChecklist::focusItem(int row)
{
    if (row >= m_items.size()) {
        if (!m_vitals.isEmpty())
            m_vitals.first().edit->setFocus(Qt::TabFocusReason);
        return;
    }
    if (row < 0)
        row = 0;
    const ItemRow& r = m_items.at(row);
    QAbstractButton* target = r.group->checkedButton() ? r.group->checkedButton() : r.buttons.value(0);
    if (target)
        target->setFocus(Qt::TabFocusReason);
}

int ScreeningChecklist::rowOfButton(const QObject* button) const
{
    for (int row = 0; row < m_items.size(); ++row) {
        for (const QRadioButton* b : m_items.at(row).buttons) {
            if (b == button)
                return row;
        }
    }
    return -1;
}

void ScreeningChecklist::choose(int row, int option)
{
    ItemRow& r = m_items[row];
    if (option < 0 || option >= r.buttons.size())
        return;
    r.buttons.at(option)->setChecked(true);
    if (r.detail && r.detail->isEnabled())
        r.detail->setFocus(Qt::TabFocusReason);
    else
        focusItem(row + 1);
}

bool ScreeningChecklist::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const int row = rowOfButton(watched);
    if (row < 0)
        return QWidget::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    if (key->modifiers() & ~Qt::KeyboardModifiers(Qt::KeypadModifier))
        return QWidget::eventFilter(watched, event);
    const ItemRow& r = m_items.at(row);
    const auto optionIndex = [&r](const QString& value) {
        for (int i = 0; i < r.buttons.size(); ++i) {
            if (r.buttons.at(i)->property(kOptionProperty).toString() == value)
                return i;
        }
        return -1;
    };
    const int k = key->key();
    if (k >= Qt::Key_1 && k <= Qt::Key_9) {
        choose(row, k - Qt::Key_1);
        return true;
    }
    if (k == Qt::Key_N || k == Qt::Key_K) {
        choose(row, optionIndex(kNo));
        return true;
    }
    if (k == Qt::Key_Y || k == Qt::Key_C) {
        choose(row, optionIndex(kYes));
        return true;
    }
    if (k == Qt::Key_Down || k == Qt::Key_Up) {
        focusItem(k == Qt::Key_Down ? row + 1 : row - 1);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace vax
