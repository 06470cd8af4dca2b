// What to do about a keychain that cannot be used, in the same words in the CLI, the tray and the window.

/** The one step for a locked keychain on a desktop. */
export const KEYCHAIN_UNLOCK_STEP = 'Unlock it (GNOME: Passwords and Keys; macOS: Keychain Access)';

/** Unlocking gnome-keyring without a desktop session (a server, a container). */
export const KEYCHAIN_HEADLESS_UNLOCK = 'printf %s "$PASSWORD" | gnome-keyring-daemon --replace --unlock --components=secrets';

/** A locked keychain (or one whose unlock prompt cannot open): unlock it, on a desktop or without one. */
export const KEYCHAIN_UNLOCK_ADVICE = `${KEYCHAIN_UNLOCK_STEP}; without a desktop session: ${KEYCHAIN_HEADLESS_UNLOCK}. Or set PROXY_SELLER_API_KEY.`;

/** No keychain at all (no Secret Service, no D-Bus, the library missing). */
export const KEYCHAIN_START_ADVICE = 'Start or unlock your keychain (on Linux: gnome-keyring or another Secret Service).';
