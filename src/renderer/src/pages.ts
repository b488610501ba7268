/** The app's pages in navigation order; Alt+1 … Alt+9 follow this order. */
export const PAGES = ['reception', 'protocols', 'workOrders', 'reports', 'statistics', 'jobs', 'sync', 'settings', 'admin'] as const
export type Page = (typeof PAGES)[number]
