/** What enrolling asks for: the server, the code an owner gave out, and the register's name. */
export type EnrollmentValues = { serverUrl: string; code: string; name: string };

/** The enrollment form's fields, for the first run and for re-enrolling from Settings; the code field takes focus. */
export function EnrollmentFields(props: { values: EnrollmentValues; onChange: (values: EnrollmentValues) => void }) {
  const { values } = props;
  const set = (change: Partial<EnrollmentValues>) => props.onChange({ ...values, ...change });
  return (
    <>
      <label className="field">
        <span>Server URL</span>
        <input type="url" required value={values.serverUrl} onChange={(e) => set({ serverUrl: e.target.value })} autoComplete="url" />
      </label>
      <label className="field">
        <span>Enrollment code</span>
        <input required value={values.code} onChange={(e) => set({ code: e.target.value })} autoComplete="off" autoFocus data-autofocus />
      </label>
      <label className="field">
        <span>Register name</span>
        <input required maxLength={120} value={values.name} onChange={(e) => set({ name: e.target.value })} />
      </label>
    </>
  );
}

/** The values as the engine takes them: no spaces around them. */
export const trimmedEnrollment = (values: EnrollmentValues): EnrollmentValues => ({
  serverUrl: values.serverUrl.trim(),
  code: values.code.trim(),
  name: values.name.trim(),
});
