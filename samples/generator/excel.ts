// Excel's date serials, as a raw sheet dump writes dates: days since 1899-12-30 (2023-05-11 → 45057).

export function excelSerial(isoDate: string): number {
  return Math.round((Date.parse(`${isoDate}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000);
}
