export const id: string = 'utils/fmt.ts';
