#include "ServerProcess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>

#include <csignal>

#include <sys/prctl.h>

namespace vax::test {

namespace {

const QString kListen = QStringLiteral("--listen");
const QStringList kStorageOptions{QStringLiteral("--db"), QStringLiteral("--pg")};
constexpr int kPollMs = 20;

QString readFrom(const QString& path, qint64 offset = 0)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || !f.seek(offset))
        return {};
    return QString::fromUtf8(f.readAll());
}

void appendTo(const QString& path, const QString& text)
{
    QFile f(path);
    if (f.open(QIODevice::WriteOnly | QIODevice::Append))
        f.write(text.toUtf8());
}

// The child follows the test down: a crashed test leaves no server behind.
void dieWithParent()
{
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
}

} // namespace

QString ServerProcess::AdminResult::describe() const
{
    return QStringLiteral("exit %1%2\n--- stdout\n%3--- stderr\n%4")
        .arg(exitCode)
        .arg(crashed ? QStringLiteral(" (crashed, timed out or not started)") : QString(), stdOut, stdErr);
}

ServerProcess::ServerProcess(const QString& program, const QStringList& arguments)
    : m_program(program)
    , m_arguments(arguments)
    , m_dir(QDir::tempPath() + QStringLiteral("/vaxserver-XXXXXX"))
{
    // Tests read the server's log line per request, whatever the caller's logging rules.
    m_environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("vax.server.info=true"));
}

ServerProcess::~ServerProcess()
{
    if (isRunning())
        terminate(std::chrono::seconds(5));
}

bool ServerProcess::start(std::chrono::milliseconds timeout)
{
    return startWith(m_arguments, timeout);
}

bool ServerProcess::startWith(const QStringList& arguments, std::chrono::milliseconds timeout)
{
    if (isRunning()) {
        m_error = QStringLiteral("already running");
        return false;
    }
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("cannot make a temporary directory: ") + m_dir.errorString();
        return false;
    }
    m_lastArguments = arguments;
    m_error.clear();
    m_baseUrl.clear();
    ++m_runs;
    const QString outPath = m_dir.filePath(QStringLiteral("stdout.log"));
    const QString errPath = m_dir.filePath(QStringLiteral("stderr.log"));
    const QString banner = QStringLiteral("--- run %1: %2 %3\n").arg(m_runs).arg(m_program, m_lastArguments.join(QLatin1Char(' ')));
    appendTo(outPath, banner);
    appendTo(errPath, banner);
    const qint64 offset = QFile(outPath).size();

    m_process = std::make_unique<QProcess>();
    m_process->setProgram(m_program);
    m_process->setArguments(m_lastArguments);
    m_process->setProcessEnvironment(m_environment);
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_process->setStandardOutputFile(outPath, QIODevice::Append);
    m_process->setStandardErrorFile(errPath, QIODevice::Append);
    m_process->setChildProcessModifier(dieWithParent);
    m_process->start();
    const QDeadlineTimer deadline(timeout);
    if (!m_process->waitForStarted(int(deadline.remainingTime()))) {
        m_error = QStringLiteral("cannot start %1: %2").arg(m_program, m_process->errorString());
        return false;
    }
    for (;;) {
        const QString out = readFrom(outPath, offset);
        for (const QStringView line : QStringView(out).split(QLatin1Char('\n'))) {
            // Only whole lines: the last piece may still be growing.
            if (line.data() + line.size() == out.constData() + out.size())
                break;
            if (line.startsWith(QLatin1String(kListeningPrefix))) {
                const QUrl url(line.mid(qsizetype(sizeof kListeningPrefix) - 1).trimmed().toString());
                if (!url.isValid() || url.port() <= 0) {
                    m_error = QStringLiteral("cannot read the address in: ") + line.toString();
                    kill();
                    return false;
                }
                m_baseUrl = url;
                return true;
            }
        }
        if (m_process->state() == QProcess::NotRunning || m_process->waitForFinished(kPollMs)) {
            m_error = QStringLiteral("exited before it was listening (%1 %2)")
                          .arg(m_process->exitStatus() == QProcess::CrashExit ? QStringLiteral("crashed, signal or code")
                                                                              : QStringLiteral("exit code"))
                          .arg(m_process->exitCode());
            return false;
        }
        if (deadline.hasExpired()) {
            m_error = QStringLiteral("did not say \"%1…\" within %2 ms").arg(QLatin1String(kListeningPrefix)).arg(timeout.count());
            kill();
            return false;
        }
    }
}

void ServerProcess::kill()
{
    if (!isRunning())
        return;
    m_process->kill();
    reap(std::chrono::seconds(10));
}

bool ServerProcess::terminate(std::chrono::milliseconds timeout)
{
    if (!isRunning())
        return true;
    m_process->terminate();
    if (reap(timeout))
        return true;
    kill();
    return false;
}

bool ServerProcess::restart(Port port, std::chrono::milliseconds timeout)
{
    const QStringList arguments = argumentsFor(port);
    if (isRunning())
        terminate();
    return startWith(arguments, timeout);
}

bool ServerProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QUrl ServerProcess::url(const QString& path) const
{
    QUrl u = m_baseUrl;
    const qsizetype q = path.indexOf(QLatin1Char('?'));
    u.setPath(q < 0 ? path : path.left(q));
    if (q >= 0)
        u.setQuery(path.mid(q + 1));
    return u;
}

QStringList ServerProcess::storageArguments() const
{
    QStringList storage;
    for (qsizetype i = 0; i < m_arguments.size(); ++i) {
        const QString& a = m_arguments[i];
        if (kStorageOptions.contains(a) && i + 1 < m_arguments.size()) {
            storage << a << m_arguments[i + 1];
            ++i;
        } else {
            for (const QString& option : kStorageOptions) {
                if (a.startsWith(option + QLatin1Char('=')))
                    storage << a;
            }
        }
    }
    return storage;
}

ServerProcess::AdminResult ServerProcess::runAdmin(const QStringList& arguments, std::chrono::milliseconds timeout) const
{
    AdminResult result;
    QProcess p;
    p.setProcessEnvironment(m_environment);
    p.setStandardInputFile(QProcess::nullDevice());
    p.setChildProcessModifier(dieWithParent);
    p.start(m_program, QStringList{QStringLiteral("admin")} + arguments + storageArguments());
    if (!p.waitForStarted(int(timeout.count()))) {
        result.crashed = true;
        result.stdErr = QStringLiteral("cannot start %1: %2").arg(m_program, p.errorString());
        return result;
    }
    if (!p.waitForFinished(int(timeout.count()))) {
        p.kill();
        p.waitForFinished();
        result.crashed = true;
    }
    result.crashed = result.crashed || p.exitStatus() == QProcess::CrashExit;
    result.exitCode = p.exitCode();
    result.stdOut = QString::fromUtf8(p.readAllStandardOutput());
    result.stdErr += QString::fromUtf8(p.readAllStandardError());
    return result;
}

int ServerProcess::exitCode() const
{
    return m_process ? m_process->exitCode() : -1;
}

QProcess::ExitStatus ServerProcess::exitStatus() const
{
    return m_process ? m_process->exitStatus() : QProcess::NormalExit;
}

QString ServerProcess::stdOut() const
{
    return readFrom(m_dir.filePath(QStringLiteral("stdout.log")));
}

QString ServerProcess::stdErr() const
{
    return readFrom(m_dir.filePath(QStringLiteral("stderr.log")));
}

QString ServerProcess::log() const
{
    return QStringLiteral("%1 %2\nstate: %3%4\n=== stdout\n%5=== stderr\n%6")
        .arg(m_program, m_lastArguments.join(QLatin1Char(' ')),
            isRunning() ? QStringLiteral("running at ") + m_baseUrl.toString() : QStringLiteral("not running"),
            m_error.isEmpty() ? QString() : QStringLiteral("\nerror: ") + m_error, stdOut(), stdErr());
}

QStringList ServerProcess::argumentsFor(Port port) const
{
    QStringList arguments = m_arguments;
    const quint16 last = this->port();
    if (port == Port::New || last == 0)
        return arguments;
    auto withPort = [last](const QString& listen) {
        const qsizetype colon = listen.lastIndexOf(QLatin1Char(':'));
        const QString host = colon < 0 ? listen : listen.left(colon);
        return QStringLiteral("%1:%2").arg(host).arg(last);
    };
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        if (arguments[i] == kListen && i + 1 < arguments.size())
            arguments[i + 1] = withPort(arguments[i + 1]);
        else if (arguments[i].startsWith(kListen + QLatin1Char('=')))
            arguments[i] = QStringLiteral("%1=%2").arg(kListen, withPort(arguments[i].mid(kListen.size() + 1)));
    }
    return arguments;
}

bool ServerProcess::reap(std::chrono::milliseconds timeout)
{
    return m_process->waitForFinished(int(timeout.count()));
}

} // namespace vax::test
