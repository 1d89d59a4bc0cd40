// Modules generated at build time by site/lib/form-validators.ts.
declare module 'virtual:repodesk/validators' {
  /** Per `<form>/<lang>`: loads the standalone Ajv validator of that form's submission schema. */
  export const validators: Record<
    string,
    () => Promise<{ default: ((data: unknown) => boolean) & { errors?: unknown[] | null } }>
  >;
}
