import type { es } from './es'

type Catalogue<T> = { [K in keyof T]: T[K] extends string ? string : Catalogue<T[K]> }

export const en: Catalogue<typeof es> = {
  app: { title: 'Reception Bench', demo: 'DEMO DATA', loading: 'Loading…', offlineHarness: 'Browser (no Electron)' },
  nav: {
    reception: 'Reception',
    protocols: 'Protocols',
    workOrders: 'Work orders',
    reports: 'Reports',
    sync: 'Sync',
    settings: 'Settings'
  },
  protocols: {
    searchPlaceholder: 'Search by number, animal, owner or veterinarian…',
    searchLabel: 'Search protocols',
    allStatuses: 'All statuses',
    allTypes: 'HP and CT',
    results_one: '{{count}} protocol',
    results_other: '{{count}} protocols',
    resultsCapped: 'more than {{count}} protocols: narrow the search',
    took: '{{ms}} ms',
    empty: 'No protocol matches the search.',
    columns: { number: 'Number', animal: 'Animal', species: 'Species', owner: 'Owner', veterinarian: 'Veterinarian', status: 'Status', date: 'Date' },
    noNumber: 'no number',
    demo: 'demo'
  },
  status: {
    registered: 'Pre-registered',
    received: 'Received',
    rejected: 'Rejected',
    processing: 'In process',
    reported: 'Reported',
    voided: 'Voided'
  },
  sex: { male: 'Male', female: 'Female', male_neutered: 'Neutered male', female_spayed: 'Spayed female', unknown: 'Unknown' },
  condition: {
    good: 'Good',
    leaking: 'Leaking',
    broken: 'Broken',
    unfixed: 'Not fixed',
    insufficient_fixative: 'Too little fixative',
    unlabelled: 'Unlabelled'
  },
  detail: {
    close: 'Close',
    animal: 'Animal',
    sample: 'Sample',
    name: 'Name / id',
    species: 'Species',
    breed: 'Breed',
    sex: 'Sex',
    age: 'Age',
    owner: 'Owner',
    veterinarian: 'Veterinarian',
    sampleType: 'Sample type',
    fixative: 'Fixative',
    containers: 'Containers',
    container: 'Container {{n}}',
    externalId: 'Submission',
    received: 'Received',
    receivedBy: 'by {{name}}',
    rejectionReason: 'Rejection reason',
    history: 'Status history',
    audit: 'Audit',
    noAudit: 'No recorded changes.',
    statusChange: '{{from}} → {{to}}'
  },
  reception: {
    scanLabel: 'Scan or search',
    scanPlaceholder: 'Scan the submission QR or type number, animal or owner and press Enter',
    walkIn: 'New walk-in sample',
    walkInTitle: 'New sample (no submission)',
    receiving: 'Receiving submission {{id}}',
    formLabel: 'Reception form',
    matches: 'Matches',
    receive: 'Receive',
    reject: 'Reject',
    confirmReject: 'Confirm rejection',
    rejectReason: 'Rejection reason',
    cancel: 'Cancel',
    receivedOk: 'received ({{animal}})',
    rejectedOk: 'Sample of {{animal}} rejected',
    labelQueued: 'label queued for printing',
    possibleDuplicate: 'Possible duplicate: {{numbers}} (same animal, owner and veterinarian in the last days). You may go on.',
    today: 'Today',
    receivedToday: 'received',
    rejectedToday: 'rejected',
    lastOnes: 'Last receptions',
    numbers: 'Numbering {{year}}',
    numbersLeft_one: '{{count}} number left',
    numbersLeft_other: '{{count}} numbers left',
    numbersLow_one: '{{count}} {{type}} number left: ask for a new block',
    numbersLow_other: '{{count}} {{type}} numbers left: ask for a new block',
    numbersOut: 'No {{type}} numbers left: set a range in Settings',
    clerk: 'Clerk on duty',
    chooseClerk: 'Choose…',
    noClerk: 'Choose who is on duty to receive'
  },
  jobs: {
    purge: 'Purge finished',
    states: { queued: 'Queued', running: 'Running', succeeded: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled' },
    depth: 'ready to run ({{delayed}} waiting)',
    lastHour: 'Last hour: {{ok}} succeeded, {{failed}} failed ({{rate}} %)',
    throughput: 'Throughput per minute over the last hour',
    running: 'Running',
    noneRunning: 'Nothing running.',
    byKind: 'By kind',
    kind: 'Kind',
    failed: 'Failed',
    noneFailed: 'No failed jobs.',
    attempts: '{{n}} of {{max}} attempts',
    retry: 'Retry',
    cancel: 'Cancel'
  },
  placeholder: {
    workOrders: 'Work orders per veterinarian and their PDFs: coming.',
    reports: 'Reports (macroscopy, cassettes, microscopy, diagnosis) and their signed PDF: coming.',
    sync: 'Synchronisation with the lab’s central server: coming.'
  },
  settings: {
    language: 'Language',
    languages: { es: 'Español', en: 'English' },
    about: 'About this bench',
    bench: 'Bench',
    version: 'Version',
    dataDir: 'Data folder',
    schema: 'Schema version',
    protocols: 'Protocols in the database',
    shell: 'Shell'
  },
  help: {
    title: 'Keyboard shortcuts',
    close: 'Close help',
    shortcuts: {
      help: 'Show or hide this help',
      search: 'Go to the search box',
      pages: 'Switch page (Reception … Settings)',
      move: 'Move through the list',
      open: 'Open the selected protocol',
      close: 'Close the detail'
    }
  },
  errors: {
    invalid_input: 'The data is not valid. Check the marked fields.',
    unknown_channel: 'Unknown operation.',
    forbidden_sender: 'Operation not allowed from this window.',
    not_found: 'The record was not found.',
    no_clerk: 'Choose the clerk on duty before receiving.',
    wrong_pin: 'Wrong PIN.',
    numbers_exhausted: 'No protocol numbers left for this type and year. Set a range or sync to get a block.',
    conflict: 'The record changed while you were editing it. Try again.',
    database_from_future: 'The database belongs to a newer version of the app. Update Reception Bench.',
    unavailable: 'The service is not available now. It will be retried.',
    internal: 'Internal error. It has been logged for review.',
    connection: 'No connection to the main process.'
  }
}
