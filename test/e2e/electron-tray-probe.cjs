// Preloaded into the Electron main process by test/e2e/electron.e2e.ts only (`electron -r
// <this file> <app>`, Electron's default_app `--require`), before the app's own code. It records
// what the app hands its tray — the tooltip and the context menu — on globalThis, so the test can
// read them with app.evaluate() and click a menu item: a tray icon is drawn by the desktop shell,
// outside any page Playwright can see. It changes no behaviour: every call goes on to Electron.
/* global require */
'use strict';
// Electron's --require loads CommonJS only, before the app's ES modules.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Tray } = require('electron');

const seen = { tooltips: [], menus: [], lastMenu: null };
globalThis.__wsopsTrayProbe = seen;

const proto = Tray.prototype;
const setToolTip = proto.setToolTip;
const setContextMenu = proto.setContextMenu;
proto.setToolTip = function (text) {
  seen.tooltips.push(String(text));
  return setToolTip.call(this, text);
};
proto.setContextMenu = function (menu) {
  seen.lastMenu = menu;
  seen.menus.push(menu ? menu.items.map((item) => item.label) : null);
  return setContextMenu.call(this, menu);
};
