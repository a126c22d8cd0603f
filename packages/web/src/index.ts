/** What other packages (e2e journeys) may reuse from the web package: strings, navigation, pure checks. */
export { messages, translate, type Lang, type MessageKey } from './i18n/messages';
export { NAV_ITEMS, navFor } from './app/nav';
export { idNumberProblem, creditCodeProblem } from './lib/id-number';
export { toCsv } from './lib/csv';
