/** Spanish is the source catalogue: every other language must have exactly these keys. */
export const es = {
  app: { title: 'Reception Bench', demo: 'DATOS DE DEMOSTRACIÓN', loading: 'Cargando…', offlineHarness: 'Navegador (sin Electron)' },
  nav: {
    reception: 'Recepción',
    protocols: 'Protocolos',
    workOrders: 'Órdenes de trabajo',
    reports: 'Informes',
    jobs: 'Tareas',
    sync: 'Sincronización',
    settings: 'Ajustes'
  },
  protocols: {
    searchPlaceholder: 'Buscar por número, animal, propietario o veterinario…',
    searchLabel: 'Buscar protocolos',
    allStatuses: 'Todos los estados',
    allTypes: 'HP y CT',
    results_one: '{{count}} protocolo',
    results_other: '{{count}} protocolos',
    resultsCapped: 'más de {{count}} protocolos: afine la búsqueda',
    took: '{{ms}} ms',
    empty: 'Ningún protocolo coincide con la búsqueda.',
    columns: { number: 'Número', animal: 'Animal', species: 'Especie', owner: 'Propietario', veterinarian: 'Veterinario', status: 'Estado', date: 'Fecha' },
    noNumber: 'sin número',
    demo: 'demo'
  },
  status: {
    registered: 'Pre-registrado',
    received: 'Recibido',
    rejected: 'Rechazado',
    processing: 'En proceso',
    reported: 'Informado',
    voided: 'Anulado'
  },
  sex: { male: 'Macho', female: 'Hembra', male_neutered: 'Macho castrado', female_spayed: 'Hembra esterilizada', unknown: 'Desconocido' },
  condition: {
    good: 'Correcto',
    leaking: 'Con fugas',
    broken: 'Roto',
    unfixed: 'Sin fijar',
    insufficient_fixative: 'Fijador insuficiente',
    unlabelled: 'Sin identificar'
  },
  detail: {
    close: 'Cerrar',
    animal: 'Animal',
    sample: 'Muestra',
    name: 'Nombre / identificación',
    species: 'Especie',
    breed: 'Raza',
    sex: 'Sexo',
    age: 'Edad',
    owner: 'Propietario',
    veterinarian: 'Veterinario',
    sampleType: 'Tipo de muestra',
    fixative: 'Fijador',
    containers: 'Recipientes',
    container: 'Recipiente {{n}}',
    externalId: 'Solicitud',
    received: 'Recibido',
    receivedBy: 'por {{name}}',
    rejectionReason: 'Motivo del rechazo',
    history: 'Historial de estados',
    audit: 'Auditoría',
    noAudit: 'Sin cambios registrados.',
    statusChange: '{{from}} → {{to}}'
  },
  placeholder: {
    reception: 'La recepción con escáner, numeración y etiqueta inmediata llega con la siguiente entrega.',
    workOrders: 'Órdenes de trabajo por veterinario y sus PDF: en preparación.',
    reports: 'Informes (macroscopía, casetes, microscopía, diagnóstico) y su PDF firmado: en preparación.',
    jobs: 'Monitor de tareas en segundo plano: en preparación.',
    sync: 'Sincronización con el servidor central del laboratorio: en preparación.'
  },
  settings: {
    language: 'Idioma',
    languages: { es: 'Español', en: 'English' },
    about: 'Acerca de este puesto',
    bench: 'Puesto',
    version: 'Versión',
    dataDir: 'Carpeta de datos',
    schema: 'Versión del esquema',
    protocols: 'Protocolos en la base de datos',
    shell: 'Entorno'
  },
  help: {
    title: 'Atajos de teclado',
    close: 'Cerrar ayuda',
    shortcuts: {
      help: 'Mostrar u ocultar esta ayuda',
      search: 'Ir a la búsqueda',
      pages: 'Cambiar de página (Recepción … Ajustes)',
      move: 'Moverse por la lista',
      open: 'Abrir el protocolo seleccionado',
      close: 'Cerrar el detalle'
    }
  },
  errors: {
    invalid_input: 'Los datos no son válidos. Revise los campos marcados.',
    unknown_channel: 'Operación desconocida.',
    forbidden_sender: 'Operación no permitida desde esta ventana.',
    not_found: 'No se encontró el registro.',
    conflict: 'El registro cambió mientras lo editaba. Vuelva a intentarlo.',
    database_from_future: 'La base de datos es de una versión más reciente de la aplicación. Actualice Reception Bench.',
    unavailable: 'El servicio no está disponible ahora. Se reintentará.',
    internal: 'Error interno. Se ha registrado para su revisión.',
    connection: 'Sin conexión con el proceso principal.'
  }
}
