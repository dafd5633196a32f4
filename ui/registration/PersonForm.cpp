#include "PersonForm.h"
#include "ui_PersonForm.h"

#include "app/people/AdminUnits.h"
#include "app/people/NameText.h"
#include "app/people/PersonValidator.h"
#include "ui/common/Format.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QKeyEvent>
#include <QLineEdit>
#include <QShortcut>

#include <algorithm>

namespace vax {

namespace {

using Level = AdminUnits::Level;

constexpr int kFoldRole = Qt::UserRole + 1;  // the item's name without diacritics, for typing
constexpr qint64 kTypeAheadMs = 1500;

// Typing on a closed combo box picks the item whose name starts with what was typed, without
// diacritics or case: "ha n" → Hà Nội, "nu" → Nữ. Qt's own type-ahead compares letter by letter
// and never finds "Đ" from "d". Backspace takes a letter back; a pause starts a new search.
class FoldedTypeAhead final : public QObject
{
public:
    explicit FoldedTypeAhead(QComboBox* combo)
        : QObject(combo)
        , m_combo(combo)
    {
        combo->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (watched != m_combo || event->type() != QEvent::KeyPress)
            return false;
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))
            return false;
        const bool fresh = !m_typing.isValid() || m_typing.elapsed() > kTypeAheadMs;
        if (fresh)
            m_typed.clear();
        if (key->key() == Qt::Key_Backspace) {
            if (m_typed.isEmpty())
                return false;
            m_typed.chop(1);
        } else {
            const QString text = key->text();
            if (text.isEmpty() || !text.at(0).isPrint() || (text == QLatin1String(" ") && m_typed.isEmpty()))
                return false;  // Tab, arrows, Enter, and Space to open the list
            m_typed += text;
        }
        m_typing.start();
        match();
        return true;
    }

private:
    void match()
    {
        const QString wanted = NameText::fold(m_typed);
        if (wanted.isEmpty())
            return;
        int best = -1;
        int bestRank = 4;
        for (int row = 0; row < m_combo->count() && bestRank > 0; ++row) {
            const QString name = m_combo->itemData(row, kFoldRole).toString();
            const QString text = NameText::fold(m_combo->itemText(row));
            int rank = 4;
            if (name.startsWith(wanted))
                rank = 0;
            else if (text.startsWith(wanted))
                rank = 1;
            else if (QString(QLatin1Char(' ') + text).contains(QString(QLatin1Char(' ') + wanted)))
                rank = 2;
            else if (text.contains(wanted))
                rank = 3;
            if (rank < bestRank) {
                best = row;
                bestRank = rank;
            }
        }
        if (best >= 0)
            m_combo->setCurrentIndex(best);
    }

    QComboBox* m_combo;
    QString m_typed;
    QElapsedTimer m_typing;
};

void addItem(QComboBox* combo, const QString& text, const QString& data, const QString& foldedName = {})
{
    combo->addItem(text, data);
    combo->setItemData(combo->count() - 1, foldedName.isEmpty() ? NameText::fold(text) : foldedName, kFoldRole);
}

QString displayDate(const QString& raw)
{
    const QDate date = PersonValidator::parseDate(raw);
    return date.isValid() ? Format::date(date) : raw;
}

} // namespace

PersonForm::PersonForm(const AdminUnits& units, QWidget* parent)
    : QWidget(parent)
    , m_units(units)
    , m_ui(std::make_unique<Ui::PersonForm>())
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("personForm"));

    const std::pair<const char*, std::pair<QWidget*, QLabel*>> bindings[] = {
        {"full_name", {m_ui->fullNameLineEdit, m_ui->fullNameErrorLabel}},
        {"birth_date", {m_ui->birthDateLineEdit, m_ui->birthDateErrorLabel}},
        {"sex", {m_ui->sexComboBox, m_ui->sexErrorLabel}},
        {"cccd", {m_ui->cccdLineEdit, m_ui->cccdErrorLabel}},
        {"cmnd", {m_ui->cmndLineEdit, m_ui->cmndErrorLabel}},
        {"passport", {m_ui->passportLineEdit, m_ui->passportErrorLabel}},
        {"phone", {m_ui->phoneLineEdit, m_ui->phoneErrorLabel}},
        {"address", {m_ui->addressLineEdit, m_ui->addressErrorLabel}},
        {"province_code", {m_ui->provinceComboBox, m_ui->provinceErrorLabel}},
        {"district_code", {m_ui->districtComboBox, m_ui->districtErrorLabel}},
        {"ward_code", {m_ui->wardComboBox, m_ui->wardErrorLabel}},
        {"priority_group", {m_ui->priorityGroupComboBox, m_ui->priorityGroupErrorLabel}},
        {"occupation", {m_ui->occupationLineEdit, m_ui->occupationErrorLabel}},
        {"note", {m_ui->noteLineEdit, m_ui->noteErrorLabel}},
    };
    for (const auto& [field, widgets] : bindings)
        m_errors.bind(QLatin1String(field), widgets.first, widgets.second);
    m_errors.setGeneral(m_ui->formErrorLabel);

    m_ui->cccdLineEdit->setMaxLength(20);
    m_ui->cmndLineEdit->setMaxLength(20);
    m_ui->fullNameLineEdit->setMaxLength(PersonValidator::kMaxNameLength + 20);

    addItem(m_ui->sexComboBox, tr("— choose —"), QString(), QStringLiteral("-"));
    addItem(m_ui->sexComboBox, tr("Nam (male)"), QStringLiteral("M"), QStringLiteral("nam"));
    addItem(m_ui->sexComboBox, tr("Nữ (female)"), QStringLiteral("F"), QStringLiteral("nu"));
    addItem(m_ui->priorityGroupComboBox, tr("None"), QString());
    for (int group = 1; group <= 11; ++group)
        addItem(m_ui->priorityGroupComboBox, tr("Group %1").arg(group), QString::number(group), QString::number(group));
    for (QComboBox* combo : {m_ui->sexComboBox, m_ui->provinceComboBox, m_ui->districtComboBox, m_ui->wardComboBox,
             m_ui->priorityGroupComboBox}) {
        new FoldedTypeAhead(combo);
        combo->setMaxVisibleItems(20);
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(16);
    }

    connect(m_ui->provinceComboBox, &QComboBox::currentIndexChanged, this, [this] {
        if (m_hasDistricts)
            fillDistricts();
        else
            fillWards();
    });
    connect(m_ui->districtComboBox, &QComboBox::currentIndexChanged, this, [this] {
        if (m_hasDistricts)
            fillWards();
    });

    connect(m_ui->savePersonButton, &QPushButton::clicked, this, &PersonForm::saveRequested);
    connect(m_ui->cancelPersonButton, &QPushButton::clicked, this, &PersonForm::cancelRequested);
    auto* save = new QShortcut(this);
    save->setKeys({QKeySequence(Qt::CTRL | Qt::Key_S), QKeySequence(Qt::CTRL | Qt::Key_Return),
        QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    save->setContext(Qt::WidgetWithChildrenShortcut);
    connect(save, &QShortcut::activated, this, &PersonForm::saveRequested);
    auto* cancel = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    cancel->setContext(Qt::WidgetWithChildrenShortcut);
    connect(cancel, &QShortcut::activated, this, &PersonForm::cancelRequested);

    setEra(QDate::currentDate());
}

PersonForm::~PersonForm() = default;

void PersonForm::startNew(const QDate& today, const PersonDraft& draft, const QString& title)
{
    m_personId.clear();
    m_base = draft;
    setEra(today);
    setDraft(draft);
    m_ui->titleLabel->setText(title.isEmpty() ? tr("New person") : title);
    m_initial = this->draft();
    clearErrors();
}

void PersonForm::startEdit(const QDate& today, const Person& person)
{
    m_personId = person.stamp.id;
    m_base = PersonDraft::fromPerson(person);
    // An address with a district is from before 1 July 2025: show the lists of its time.
    QDate era = today;
    if (!person.districtCode.isEmpty() && !m_units.find(person.districtCode, Level::District, today)) {
        const AdminUnits::Unit* old = m_units.findLatest(person.districtCode, Level::District, today);
        if (old && old->validTo.isValid())
            era = old->validTo;
    }
    setEra(era);
    setDraft(m_base);
    if (!person.phone.isEmpty())
        m_ui->phoneLineEdit->setText(Format::phone(person));
    m_ui->titleLabel->setText(tr("Edit: %1").arg(person.fullName));
    m_initial = draft();
    clearErrors();
}

PersonDraft PersonForm::draft() const
{
    PersonDraft d = m_base;
    d.fullName = m_ui->fullNameLineEdit->text();
    d.birthDate = m_ui->birthDateLineEdit->text();
    d.sex = m_ui->sexComboBox->currentData().toString();
    d.cccd = m_ui->cccdLineEdit->text();
    d.cmnd = m_ui->cmndLineEdit->text();
    d.passport = m_ui->passportLineEdit->text();
    d.phone = m_ui->phoneLineEdit->text();
    d.address = m_ui->addressLineEdit->text();
    d.provinceCode = m_ui->provinceComboBox->currentData().toString();
    d.districtCode = m_hasDistricts ? m_ui->districtComboBox->currentData().toString() : QString();
    d.wardCode = m_ui->wardComboBox->currentData().toString();
    d.priorityGroup = m_ui->priorityGroupComboBox->currentData().toString();
    d.occupation = m_ui->occupationLineEdit->text();
    d.note = m_ui->noteLineEdit->text();
    return d;
}

bool PersonForm::isModified() const
{
    const PersonDraft now = draft();
    const QString PersonDraft::*const fields[] = {&PersonDraft::fullName, &PersonDraft::birthDate, &PersonDraft::sex,
        &PersonDraft::cccd, &PersonDraft::cmnd, &PersonDraft::passport, &PersonDraft::phone, &PersonDraft::address,
        &PersonDraft::provinceCode, &PersonDraft::districtCode, &PersonDraft::wardCode, &PersonDraft::priorityGroup,
        &PersonDraft::occupation, &PersonDraft::note};
    return std::any_of(std::begin(fields), std::end(fields),
        [&](const QString PersonDraft::*field) { return now.*field != m_initial.*field; });
}

void PersonForm::showErrors(const Error& error)
{
    if (QWidget* first = m_errors.show(error))
        focusInput(first);
    else
        m_ui->fieldsScrollArea->ensureVisible(0, 0);
}

void PersonForm::clearErrors()
{
    m_errors.clear();
}

void PersonForm::focusFirstToFill()
{
    const bool noId = m_ui->cccdLineEdit->text().trimmed().isEmpty() && m_ui->cmndLineEdit->text().trimmed().isEmpty()
        && m_ui->passportLineEdit->text().trimmed().isEmpty();
    if (m_ui->fullNameLineEdit->text().trimmed().isEmpty())
        focusInput(m_ui->fullNameLineEdit);
    else if (m_ui->birthDateLineEdit->text().trimmed().isEmpty())
        focusInput(m_ui->birthDateLineEdit);
    else if (m_ui->sexComboBox->currentData().toString().isEmpty())
        focusInput(m_ui->sexComboBox);
    else if (noId)
        focusInput(m_ui->cccdLineEdit);
    else if (isNew() && m_ui->phoneLineEdit->text().trimmed().isEmpty())
        focusInput(m_ui->phoneLineEdit);
    else if (isNew() && m_ui->provinceComboBox->currentData().toString().isEmpty())
        focusInput(m_ui->provinceComboBox);
    else
        focusInput(m_ui->fullNameLineEdit);
}

void PersonForm::setDraft(const PersonDraft& draft)
{
    m_ui->fullNameLineEdit->setText(draft.fullName);
    m_ui->birthDateLineEdit->setText(displayDate(draft.birthDate));
    const std::optional<Sex> sex = PersonValidator::parseSex(draft.sex);
    m_ui->sexComboBox->setCurrentIndex(sex ? m_ui->sexComboBox->findData(sexCode(*sex)) : 0);
    m_ui->cccdLineEdit->setText(draft.cccd);
    m_ui->cmndLineEdit->setText(draft.cmnd);
    m_ui->passportLineEdit->setText(draft.passport);
    m_ui->phoneLineEdit->setText(draft.phone);
    m_ui->addressLineEdit->setText(draft.address);
    selectUnit(m_ui->provinceComboBox, draft.provinceCode, int(Level::Province));
    if (m_hasDistricts)
        selectUnit(m_ui->districtComboBox, draft.districtCode, int(Level::District));
    selectUnit(m_ui->wardComboBox, draft.wardCode, int(Level::Ward));
    m_ui->priorityGroupComboBox->setCurrentIndex(std::max(0, m_ui->priorityGroupComboBox->findData(draft.priorityGroup.trimmed())));
    m_ui->occupationLineEdit->setText(draft.occupation);
    m_ui->noteLineEdit->setText(draft.note);
}

void PersonForm::setEra(const QDate& era)
{
    m_era = era;
    m_hasDistricts = m_units.hasDistricts(era);
    m_ui->districtLabel->setVisible(m_hasDistricts);
    m_ui->districtComboBox->setVisible(m_hasDistricts);
    m_ui->districtComboBox->setEnabled(m_hasDistricts);
    if (!m_hasDistricts)
        m_ui->districtErrorLabel->hide();
    fillProvinces();
}

void PersonForm::fillProvinces()
{
    QComboBox* combo = m_ui->provinceComboBox;
    const QSignalBlocker blocker(combo);
    combo->clear();
    addItem(combo, tr("— not given —"), QString(), QStringLiteral("-"));
    for (const AdminUnits::Unit& unit : m_units.provinces(m_era))
        addItem(combo, unit.fullName(), unit.code, NameText::fold(unit.name));
    combo->setCurrentIndex(0);
    if (m_hasDistricts)
        fillDistricts();
    else
        fillWards();
}

void PersonForm::fillDistricts()
{
    QComboBox* combo = m_ui->districtComboBox;
    const QSignalBlocker blocker(combo);
    combo->clear();
    const QString province = m_ui->provinceComboBox->currentData().toString();
    addItem(combo, province.isEmpty() ? tr("— choose the province first —") : tr("— not given —"), QString(),
        QStringLiteral("-"));
    if (!province.isEmpty()) {
        for (const AdminUnits::Unit& unit : m_units.children(province, Level::District, m_era))
            addItem(combo, unit.fullName(), unit.code, NameText::fold(unit.name));
    }
    combo->setCurrentIndex(0);
    fillWards();
}

void PersonForm::fillWards()
{
    QComboBox* combo = m_ui->wardComboBox;
    const QSignalBlocker blocker(combo);
    combo->clear();
    const QString parent = m_hasDistricts ? m_ui->districtComboBox->currentData().toString()
                                          : m_ui->provinceComboBox->currentData().toString();
    const QString empty = !parent.isEmpty() ? tr("— not given —")
        : m_hasDistricts                    ? tr("— choose the district first —")
                                            : tr("— choose the province first —");
    addItem(combo, empty, QString(), QStringLiteral("-"));
    if (!parent.isEmpty()) {
        for (const AdminUnits::Unit& unit : m_units.children(parent, Level::Ward, m_era))
            addItem(combo, unit.fullName(), unit.code, NameText::fold(unit.name));
    }
    combo->setCurrentIndex(0);
}

void PersonForm::selectUnit(QComboBox* combo, const QString& code, int level)
{
    if (code.trimmed().isEmpty()) {
        combo->setCurrentIndex(0);
        return;
    }
    int row = combo->findData(code.trimmed());
    if (row < 0) {
        const AdminUnits::Unit* unit = m_units.findLatest(code.trimmed(), Level(level), QDate(9999, 12, 31));
        addItem(combo, tr("%1 (no longer in force)").arg(unit ? unit->fullName() : code.trimmed()), code.trimmed());
        row = combo->count() - 1;
    }
    combo->setCurrentIndex(row);  // fills the lists below it
}

void PersonForm::focusInput(QWidget* input)
{
    input->setFocus(Qt::OtherFocusReason);
    if (auto* edit = qobject_cast<QLineEdit*>(input))
        edit->selectAll();
    m_ui->fieldsScrollArea->ensureWidgetVisible(input);
}

} // namespace vax
