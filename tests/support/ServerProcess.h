#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

#include <chrono>
#include <memory>

namespace vax::test {

// The real vaxcentral executable as a child process, for integration, crash and convergence
// tests. start() runs `PROGRAM ARGUMENTS…` and blocks until the server prints, on stdout, the
// line "vaxcentral listening on http://127.0.0.1:PORT" (flushed). Its stdout and stderr go to
// files (a chatty server never blocks on a full pipe while the test is busy), kept across
// restarts for failure messages: QVERIFY2(server.start(), qPrintable(server.log())).
//
// The child gets SIGKILL if the test process dies first. Not a QObject; blocking waits on the
// child only (no event loop is spun).
class ServerProcess final
{
    Q_DISABLE_COPY_MOVE(ServerProcess)

public:
    static constexpr char kListeningPrefix[] = "vaxcentral listening on ";

    enum class Port {
        Keep, // the --listen argument's host with the port of the last run
        New,  // the arguments as given (127.0.0.1:0 picks a new free port)
    };

    struct AdminResult
    {
        int exitCode = -1;
        bool crashed = false; // killed by a signal, timed out, or could not start
        QString stdOut;
        QString stdErr;
        bool ok() const { return !crashed && exitCode == 0; }
        QString describe() const; // for failure messages
    };

    // e.g. ServerProcess(VAXCENTRAL_PATH, {"serve", "--db", file, "--listen", "127.0.0.1:0"})
    ServerProcess(const QString& program, const QStringList& arguments);
    ~ServerProcess(); // terminate(), then SIGKILL if it lingers

    // Replaces the child's environment (default: the test's own).
    void setEnvironment(const QProcessEnvironment& environment) { m_environment = environment; }

    bool start(std::chrono::milliseconds timeout = std::chrono::seconds(15));
    // SIGKILL now (a crash, as far as the server can tell) and reap it.
    void kill();
    // SIGTERM; true if it exited within the timeout, else it is SIGKILLed and false.
    bool terminate(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Stops it if running (terminate) and starts it again with the same arguments.
    bool restart(Port port = Port::Keep, std::chrono::milliseconds timeout = std::chrono::seconds(15));

    bool isRunning() const;
    QUrl baseUrl() const { return m_baseUrl; } // empty until started
    quint16 port() const { return quint16(m_baseUrl.port(0)); }
    QUrl url(const QString& path) const; // baseUrl() with this path (and ?query)

    QString program() const { return m_program; }
    QStringList arguments() const { return m_arguments; }         // as given
    QStringList lastArguments() const { return m_lastArguments; } // as last started
    // The storage options among the arguments (--db FILE, --pg CONNINFO, also the --opt=value
    // form), which runAdmin() passes on.
    QStringList storageArguments() const;

    // Runs `PROGRAM admin ARGS… STORAGE…` to the end, with the same environment.
    AdminResult runAdmin(const QStringList& arguments, std::chrono::milliseconds timeout = std::chrono::seconds(30)) const;

    // Exit of the last run (valid once it is not running).
    int exitCode() const;
    QProcess::ExitStatus exitStatus() const;

    QString errorText() const { return m_error; }
    QString stdOut() const; // every run so far
    QString stdErr() const;
    QString log() const; // program, arguments, state, error, stdout and stderr, for messages

private:
    bool startWith(const QStringList& arguments, std::chrono::milliseconds timeout);
    QStringList argumentsFor(Port port) const;
    bool reap(std::chrono::milliseconds timeout);

    QString m_program;
    QStringList m_arguments;
    QStringList m_lastArguments;
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    QUrl m_baseUrl;
    QString m_error;
    int m_runs = 0;
};

} // namespace vax::test
