#include "RegistrationPage.h"

#include "app/common/Clock.h"
#include "app/services/ScreeningService.h"
#include "app/store/PersonRepository.h"
#include "app/store/SiteStore.h"
#include "sync/SyncController.h"
#include "ui/AppContext.h"
#include "ui/common/Format.h"
#include "ui/common/ListTable.h"
#include "ui/common/MessageBox.h"
#include "ui/common/PageShortcut.h"
#include "ui/registration/CentralLookupDialog.h"
#include "ui/registration/PersonForm.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace vax {

namespace {

constexpr int kDebounceMs = 250;
constexpr int kFormWidth = 520;

QString withoutSeparators(const QString& text)
{
    QString out;
    for (const QChar c : text) {
        if (!c.isSpace() && c != QLatin1Char('.') && c != QLatin1Char('-'))
            out += c;
    }
    return out;
}

bool allDigits(const QString& text)
{
    return !text.isEmpty() && std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isDigit(); });
}

} // namespace

RegistrationPage::RegistrationPage(AppContext& context, QWidget* parent)
    : QWidget(parent)
    , m_context(context)
{
    setObjectName(QStringLiteral("registrationPage"));
    buildUi();

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, &RegistrationPage::runSearch);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &RegistrationPage::searchEntered);
    connect(m_search, &QLineEdit::textEdited, this, [this] { showStatus({}); });  // a new person at the desk
    m_search->installEventFilter(this);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &RegistrationPage::updateActions);
    connect(m_table, &QTableView::activated, this, &RegistrationPage::editPerson);
    connect(m_newButton, &QPushButton::clicked, this, &RegistrationPage::newPerson);
    connect(m_editButton, &QPushButton::clicked, this, &RegistrationPage::editPerson);
    connect(m_checkInButton, &QPushButton::clicked, this, &RegistrationPage::checkIn);
    connect(m_historyButton, &QPushButton::clicked, this, &RegistrationPage::openHistory);
    connect(m_centralButton, &QPushButton::clicked, this, &RegistrationPage::searchCentral);
    connect(pageShortcut(this, {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F)}), &QShortcut::activated, m_centralButton,
        &QPushButton::click);
    connect(m_form, &PersonForm::saveRequested, this, &RegistrationPage::savePerson);
    connect(m_form, &PersonForm::cancelRequested, this, &RegistrationPage::cancelForm);

    // Page-wide keys, live while the focus is anywhere on this page (not on other tabs).
    connect(pageShortcut(this, {QKeySequence(Qt::CTRL | Qt::Key_F)}), &QShortcut::activated, this,
        &RegistrationPage::focusSearch);
    connect(pageShortcut(this, {QKeySequence(Qt::CTRL | Qt::Key_N)}), &QShortcut::activated, m_newButton,
        &QPushButton::click);
    connect(pageShortcut(this, {QKeySequence(Qt::CTRL | Qt::Key_E)}), &QShortcut::activated, m_editButton,
        &QPushButton::click);
    connect(pageShortcut(this, {QKeySequence(Qt::CTRL | Qt::Key_H)}), &QShortcut::activated, m_historyButton,
        &QPushButton::click);
    // Off while the form is open: there Ctrl+Enter saves.
    m_checkInShortcut = pageShortcut(this, {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    connect(m_checkInShortcut, &QShortcut::activated, m_checkInButton, &QPushButton::click);

    connect(&m_context, &AppContext::dataChanged, this, &RegistrationPage::refresh);
    if (sync::SyncController* sync = m_context.syncController())
        connect(sync, &sync::SyncController::statusChanged, this, &RegistrationPage::updateActions);
    refreshTodayStates();
    showInfo(m_lastSearch);
    updateActions();
}

RegistrationPage::~RegistrationPage() = default;

void RegistrationPage::buildUi()
{
    QFont base = font();
    base.setPointSizeF(base.pointSizeF() * 1.2);
    setFont(base);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("searchLineEdit"));
    m_search->setPlaceholderText(tr("Name (accents optional), CCCD, CMND, passport, phone — or scan the chip-ID card"));
    m_search->setClearButtonEnabled(true);
    QFont big = base;
    big.setPointSizeF(base.pointSizeF() * 1.35);
    m_search->setFont(big);
    m_search->setMinimumHeight(44);
    auto* searchLabel = new QLabel(tr("Find:"), this);
    searchLabel->setFont(big);
    searchLabel->setBuddy(m_search);

    m_info = new QLabel(this);
    m_info->setObjectName(QStringLiteral("resultsInfoLabel"));
    m_info->setWordWrap(true);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_status->setWordWrap(true);
    m_status->hide();

    m_model = new PersonTableModel(m_context.units(), this);
    m_table = newListTable(this, QStringLiteral("resultsTableView"), m_model);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 12);
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(PersonTableModel::AddressColumn, QHeaderView::Stretch);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setHighlightSections(false);
    m_table->setStyleSheet(QStringLiteral(
        "QTableView::item:selected { background: #1565c0; color: white; }"
        "QTableView::item:selected:!active { background: #1565c0; color: white; }"));

    auto makeButton = [this](const QString& name, const QString& text) {
        auto* button = new QPushButton(text, this);
        button->setObjectName(name);
        button->setMinimumHeight(38);
        return button;
    };
    m_newButton = makeButton(QStringLiteral("newPersonButton"), tr("New person  Ctrl+N"));
    m_centralButton = makeButton(QStringLiteral("searchCentralButton"), tr("Search central  Ctrl+Shift+F"));
    m_centralButton->setToolTip(tr("Registered at another site? Find the person on central and bring them here with their doses (needs internet)."));
    m_editButton = makeButton(QStringLiteral("editPersonButton"), tr("Edit  Ctrl+E"));
    m_checkInButton = makeButton(QStringLiteral("checkInButton"), tr("Check in  Ctrl+Enter"));
    QFont bold = base;
    bold.setBold(true);
    m_checkInButton->setFont(bold);
    m_checkInButton->setMinimumWidth(QFontMetrics(bold).horizontalAdvance(m_checkInButton->text()) + 40);
    m_checkInButton->setStyleSheet(QStringLiteral(
        "QPushButton:enabled { background: #2e7d32; color: white; border: 1px solid #1b5e20; border-radius: 3px; }"
        "QPushButton:focus { border: 3px solid #0d47a1; }"));
    m_historyButton = makeButton(QStringLiteral("historyButton"), tr("History  Ctrl+H"));

    m_form = new PersonForm(m_context.units(), this);
    m_form->setFixedWidth(kFormWidth);
    m_form->hide();

    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(searchLabel);
    searchRow->addWidget(m_search, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_checkInButton);
    buttons->addWidget(m_editButton);
    buttons->addWidget(m_historyButton);
    buttons->addStretch(1);
    buttons->addWidget(m_centralButton);
    buttons->addWidget(m_newButton);
    auto* left = new QVBoxLayout;
    left->addLayout(searchRow);
    left->addWidget(m_info);
    left->addWidget(m_status);
    left->addWidget(m_table, 1);
    left->addLayout(buttons);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(left, 1);
    layout->addWidget(m_form);

    setFocusProxy(m_search);
    setTabOrder(m_search, m_table);
    setTabOrder(m_table, m_checkInButton);
    setTabOrder(m_checkInButton, m_editButton);
    setTabOrder(m_editButton, m_historyButton);
    setTabOrder(m_historyButton, m_centralButton);
    setTabOrder(m_centralButton, m_newButton);
}

void RegistrationPage::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

QString RegistrationPage::selectedPersonId() const
{
    const Person* person = m_model->personAt(m_table->currentIndex().row());
    return person ? person->stamp.id : QString();
}

bool RegistrationPage::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const int page = std::max(1, m_table->viewport()->height() / std::max(1, m_table->rowHeight(0)) - 1);
        switch (key->key()) {
        case Qt::Key_Down:
            moveSelection(1);
            return true;
        case Qt::Key_Up:
            moveSelection(-1);
            return true;
        case Qt::Key_PageDown:
            moveSelection(page);
            return true;
        case Qt::Key_PageUp:
            moveSelection(-page);
            return true;
        case Qt::Key_Escape:
            if (m_form->isHidden() && !m_search->text().isEmpty()) {
                m_search->clear();
                return true;
            }
            break;
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void RegistrationPage::moveSelection(int rows)
{
    if (m_debounce->isActive()) {
        m_debounce->stop();
        runSearch();
    }
    if (m_model->rowCount() == 0)
        return;
    const int current = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
    const int row = std::clamp(current + rows, 0, m_model->rowCount() - 1);
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, 0));
}

void RegistrationPage::runSearch()
{
    m_debounce->stop();
    const QString keep = selectedPersonId();
    if (m_statesDay != m_context.clock().today())
        refreshTodayStates();
    m_searchedText = m_search->text();
    m_lastSearch = m_context.registration().search(m_searchedText);
    m_model->setPeople(m_lastSearch.people);
    showInfo(m_lastSearch);
    if (m_model->rowOf(keep) >= 0)
        selectPerson(keep);
    else if (m_model->rowCount() > 0)
        m_table->selectRow(0);
    updateActions();
}

void RegistrationPage::setSearchText(const QString& text)
{
    m_search->setText(text);
    runSearch();
}

void RegistrationPage::searchEntered()
{
    if (m_debounce->isActive() || m_search->text() != m_searchedText)
        runSearch();
    if (m_lastSearch.kind == PersonSearch::Kind::ChipCard) {
        if (!m_lastSearch.card) {
            showStatus(tr("The scan could not be read as a chip-ID card: scan again or type the CCCD number."), true);
            focusSearch();
            return;
        }
        const ChipIdCard card = *m_lastSearch.card;
        const std::optional<Person> registered =
            m_lastSearch.people.isEmpty() ? std::nullopt : std::optional<Person>(m_lastSearch.people.first());
        // A readable search instead of the QR's text: the document they were found by.
        setSearchText(registered ? Format::identity(*registered) : card.cccd);
        if (registered) {
            const QString found = registered->stamp.id;
            selectPerson(found);
            showStatus(tr("Card scanned: %1 is registered. Ctrl+Enter checks them in.").arg(card.fullName));
            focusSearch();
            return;
        }
        if (!m_form->isHidden())
            return;  // a card scanned while editing does not throw the form away
        m_form->startNew(m_context.clock().today(), card.toDraft(), tr("New person from the chip-ID card"));
        openForm();
        showStatus(tr("%1 is not registered yet: the form is filled from the card. Add the phone and the ward, "
                      "then Ctrl+S.").arg(card.fullName));
        return;
    }
    if (m_model->rowCount() > 0)
        editPerson();
}

void RegistrationPage::refresh()
{
    refreshTodayStates();
    if (!m_searchedText.isEmpty())
        runSearch();
}

void RegistrationPage::refreshTodayStates()
{
    m_statesDay = m_context.clock().today();
    m_model->setToday(m_statesDay);
    m_model->setQueue(m_context.screening().queue());
}

void RegistrationPage::showInfo(const PersonSearch& search)
{
    const int found = int(search.people.size());
    QString text;
    if (m_searchedText.trimmed().isEmpty()) {
        text = tr("Type a name (accents optional, add a birth year to narrow), an ID or phone number, "
                  "or scan the chip-ID card.");
    } else if (found == 0 && search.kind == PersonSearch::Kind::ChipCard) {
        text = search.card ? tr("Not registered yet: press Enter to register %1 from the card.").arg(search.card->fullName)
                           : tr("The scan could not be read as a chip-ID card: scan again or type the CCCD number.");
    } else if (found == 0) {
        text = tr("Nobody found: press Ctrl+N to register");
    } else {
        text = found == 1 ? tr("1 person") : tr("%1 people").arg(found);
        if (search.truncated)
            text = tr("%1 shown, more match — add a birth year (e.g. “%2 1985”)").arg(found).arg(m_searchedText.trimmed());
        int queued = 0;
        for (const Person& p : search.people)
            queued += m_model->todayState(p.stamp.id) == PersonTableModel::TodayState::InQueue ? 1 : 0;
        if (queued > 0)
            text += QStringLiteral(" · ") + tr("%1 already in today's queue").arg(queued);
        text += QStringLiteral(" · ") + tr("Up/Down to pick, Enter to open, Ctrl+Enter to check in");
    }
    m_info->setText(text);
}

void RegistrationPage::selectPerson(const QString& personId)
{
    const int row = m_model->rowOf(personId);
    if (row < 0)
        return;
    m_table->selectRow(row);
    m_table->scrollTo(m_model->index(row, 0));
    updateActions();
}

void RegistrationPage::updateActions()
{
    const bool editing = !m_form->isHidden();
    const bool selected = !selectedPersonId().isEmpty();
    m_newButton->setEnabled(!editing);
    m_editButton->setEnabled(selected && !editing);
    m_checkInButton->setEnabled(selected && !editing);
    m_historyButton->setEnabled(selected);
    const sync::SyncController* sync = m_context.syncController();
    m_centralButton->setVisible(sync != nullptr);
    m_centralButton->setEnabled(sync && sync->status().link != sync::SyncStatus::Link::NotEnrolled);
    m_checkInShortcut->setEnabled(!editing);
}

void RegistrationPage::showStatus(const QString& text, bool warning)
{
    m_status->setText(text);
    m_status->setStyleSheet(warning
            ? QStringLiteral("background: #fff3e0; color: #8a4b00; border-left: 5px solid #ef6c00; padding: 6px;")
            : QStringLiteral("background: #e8f5e9; color: #1b5e20; border-left: 5px solid #2e7d32; padding: 6px;"));
    m_status->setVisible(!text.isEmpty());
}

void RegistrationPage::newPerson()
{
    if (!m_form->isHidden())
        return;
    // What was searched for and not found goes on the form: a number typed once is typed once.
    PersonDraft draft;
    const QString text = m_searchedText.trimmed();
    const QString compact = withoutSeparators(text);
    if (m_lastSearch.kind == PersonSearch::Kind::ChipCard && m_lastSearch.card)
        draft = m_lastSearch.card->toDraft();
    else if (m_lastSearch.kind == PersonSearch::Kind::Document && allDigits(compact) && compact.size() == 12)
        draft.cccd = compact;
    else if (m_lastSearch.kind == PersonSearch::Kind::Document && allDigits(compact) && compact.size() == 9)
        draft.cmnd = compact;
    else if (m_lastSearch.kind == PersonSearch::Kind::Document && !allDigits(compact))
        draft.passport = compact.toUpper();
    else if (m_lastSearch.kind == PersonSearch::Kind::Phone)
        draft.phone = text;
    m_form->startNew(m_context.clock().today(), draft);
    openForm();
}

void RegistrationPage::editPerson()
{
    if (!m_form->isHidden())
        return;
    const auto person = m_context.registration().person(selectedPersonId());
    if (!person)
        return;
    m_form->startEdit(m_context.clock().today(), *person);
    openForm();
}

void RegistrationPage::openForm()
{
    m_form->show();
    updateActions();
    m_form->focusFirstToFill();
}

void RegistrationPage::closeForm()
{
    m_form->clearErrors();
    m_form->hide();
    updateActions();
}

void RegistrationPage::cancelForm()
{
    if (m_form->isModified()
        && MessageBox::question(this, tr("Discard changes?"),
               tr("The form has changes that are not saved. Discard them?")) != QMessageBox::Yes) {
        return;
    }
    closeForm();
    showStatus({});
    focusSearch();
}

void RegistrationPage::savePerson()
{
    if (!m_context.loggedIn())
        return;
    const PersonDraft draft = m_form->draft();
    const bool isNew = m_form->isNew();
    const QString editedId = m_form->personId();
    if (!isNew && !m_form->isModified()) {  // nothing to write: just go on to the check-in
        closeForm();
        selectPerson(editedId);
        m_checkInButton->setFocus(Qt::OtherFocusReason);
        return;
    }
    auto saved = isNew ? m_context.registration().registerPerson(m_context.session(), draft)
                       : m_context.registration().updatePerson(m_context.session(), editedId, draft);
    if (!saved.ok()) {
        m_form->showErrors(saved.error());
        if (saved.error().code() == ErrorCode::Conflict)
            openExistingInstead(saved.error(), draft);
        return;
    }
    const Person& person = saved.value();
    closeForm();
    runSearch();
    if (m_model->rowOf(person.stamp.id) < 0) {
        const QString id = Format::identity(person);
        setSearchText(id.isEmpty() ? QStringLiteral("%1 %2").arg(person.fullName).arg(person.birthDate.year()) : id);
    }
    selectPerson(person.stamp.id);
    m_context.notifyDataChanged();
    showStatus(isNew ? tr("%1 is registered. Ctrl+Enter checks them in.").arg(person.fullName)
                     : tr("%1 is saved. Ctrl+Enter checks them in.").arg(person.fullName));
    m_checkInButton->setFocus(Qt::OtherFocusReason);
}

void RegistrationPage::openExistingInstead(const Error& error, const PersonDraft& draft)
{
    const std::pair<const char*, QString> documents[] = {
        {"cccd", withoutSeparators(draft.cccd)},
        {"cmnd", withoutSeparators(draft.cmnd)},
        {"passport", withoutSeparators(draft.passport).toUpper()},
    };
    for (const auto& [field, number] : documents) {
        if (number.isEmpty() || !error.hasField(QLatin1String(field)))
            continue;
        for (const Person& other : m_context.store().persons().byDocument(number)) {
            if (other.stamp.id == m_form->personId())
                continue;
            const auto answer = MessageBox::question(this, tr("Already registered"),
                tr("%1\n\nOpen %2 (born %3) instead?")
                    .arg(error.messageFor(QLatin1String(field)), other.fullName, Format::date(other.birthDate)),
                QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
            if (answer != QMessageBox::Yes)
                return;
            closeForm();
            setSearchText(number);
            selectPerson(other.stamp.id);
            showStatus(tr("%1 was already registered with %2. Check the details (Ctrl+E), then Ctrl+Enter checks them in.")
                           .arg(other.fullName, number));
            m_checkInButton->setFocus(Qt::OtherFocusReason);
            return;
        }
    }
}

void RegistrationPage::checkIn()
{
    const QString personId = selectedPersonId();
    const Person* person = m_model->personAt(m_table->currentIndex().row());
    if (personId.isEmpty() || !person || !m_context.loggedIn())
        return;
    const QString name = person->fullName;
    const auto before = m_model->todayState(personId);
    if (before == PersonTableModel::TodayState::Vaccinated
        && MessageBox::question(this, tr("Vaccinated today"),
               tr("%1 was already vaccinated today. Check them in again?").arg(name)) != QMessageBox::Yes) {
        return;
    }
    auto visit = m_context.screening().checkIn(m_context.session(), personId);
    if (!visit.ok()) {
        MessageBox::warning(this, tr("Check-in failed"), visit.error().message());
        return;
    }
    m_context.notifyDataChanged();
    showStatus(before == PersonTableModel::TodayState::InQueue
            ? tr("%1 was already in today's queue (since %2).").arg(name, Format::time(visit->arrivedAt))
            : tr("%1 is checked in at %2 and waits for screening.").arg(name, Format::time(visit->arrivedAt)));
    emit checkedIn(visit->stamp.id);
}

void RegistrationPage::searchCentral()
{
    sync::SyncController* sync = m_context.syncController();
    if (!sync || !m_centralButton->isEnabled())
        return;
    auto* dialog = new CentralLookupDialog(*sync, m_search->text(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CentralLookupDialog::attached, this, [this](const QString& personId) {
        m_context.notifyDataChanged();
        const auto person = m_context.registration().person(personId);
        if (!person)
            return;
        setSearchText(!person->cccd.isEmpty() ? person->cccd : person->fullName);
        runSearch();
        selectPerson(personId);
        showStatus(tr("%1 is now at this site, with every dose recorded elsewhere.").arg(person->fullName));
    });
    dialog->open();
}

void RegistrationPage::openHistory()
{
    const QString personId = selectedPersonId();
    if (!personId.isEmpty())
        emit historyRequested(personId);
}

} // namespace vax
