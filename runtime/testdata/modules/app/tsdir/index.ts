export const id: string = 'tsdir/index.ts';
