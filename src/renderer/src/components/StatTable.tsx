import { useTranslation } from 'react-i18next'

export interface StatColumn {
  header: string
  /** Figures are right-aligned and tabular. */
  numeric?: boolean
}

/** The numbers behind a chart, as a plain table a screen reader can walk. */
export function StatTable({ caption, columns, rows, testId }: { caption: string; columns: readonly StatColumn[]; rows: ReadonlyArray<ReadonlyArray<string | number>>; testId?: string }) {
  const { t } = useTranslation()
  return (
    <table className="stat-table" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.header} scope="col" className={column.numeric ? 'num' : undefined}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={columns.length} className="muted">
              {t('statistics.none')}
            </td>
          </tr>
        )}
        {rows.map((row, index) => (
          <tr key={index}>
            {row.map((cell, column) =>
              column === 0 ? (
                <th key={column} scope="row">
                  {cell}
                </th>
              ) : (
                <td key={column} className={columns[column]?.numeric ? 'num' : undefined}>
                  {cell}
                </td>
              )
            )}
          </tr>
        ))}
      </tbody>
    </table>
  )
}
