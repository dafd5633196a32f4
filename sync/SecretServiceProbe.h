#pragma once

#include <QString>

#include <functional>

class QObject;

namespace vax::sync {

// Asks the desktop's Secret Service (org.freedesktop.secrets on the session bus: GNOME Keyring,
// KeePassXC, what QtKeychain reaches through libsecret) whether a locked collection holds the
// item QtKeychain keeps under `service` and `key`. QtKeychain answers "entry not found" for an
// item it could not unlock (nobody answered the unlock prompt, or there is no screen to show it
// on), and taken at its word that would send a nurse to have the device revoked and enrolled
// again for a credential that is there all along. Answers false when no Secret Service answers
// (KWallet, no session bus) or it holds no such item; answers in `context`'s thread.
void findLockedKeychainItem(const QString& service, const QString& key, QObject* context, std::function<void(bool locked)> done);

} // namespace vax::sync
