/** The admin PIN's input, one shape wherever it is asked for: 4 to 8 digits, never shown. */
export function PinField({ id, value, onChange, placeholder }: { id: string; value: string; onChange: (value: string) => void; placeholder?: string }) {
  return (
    <input
      id={id}
      type="password"
      required
      inputMode="numeric"
      pattern="\d{4,8}"
      maxLength={8}
      autoComplete="off"
      placeholder={placeholder}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  )
}
