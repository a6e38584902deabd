/**
 * Who the app is to the OS: electron-builder's appId (also the Windows AppUserModelID, without
 * which Windows shows no toasts). A build test checks electron-builder.yml says the same.
 */
export const APP_ID = 'app.tidings.desktop'
