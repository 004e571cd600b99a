// Words messages need beyond shared/domain/format.ts (which formats every amount and date): "1 day", "3 days".
export const days = (n: number): string => `${n} ${n === 1 ? 'day' : 'days'}`;
