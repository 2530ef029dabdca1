import { getLocale, getTranslations } from "next-intl/server";
import { STAFF_ROLES } from "@/lib/domain/roles";
import { InviteStaffForm } from "@/components/office/staff/invite-staff-form";
import { StaffRowActions } from "@/components/office/staff/staff-row-actions";
import { callerFor, requireStaffPage } from "@/server/web/page-access";
import { inviteStaffAction, staffRowAction } from "./actions";

export const dynamic = "force-dynamic";

/** Staff and roles (admin only, capability `staff.manage`). */
export default async function StaffUsersPage() {
  const ctx = await requireStaffPage("staff.manage", "/office/settings/users");
  const [t, tRoles, locale] = [await getTranslations("staff"), await getTranslations("roles"), await getLocale()];
  const { members, oidc } = await callerFor(ctx).staff.list();
  const roles = STAFF_ROLES.map((role) => ({ value: role, label: tRoles(role) }));
  const dateFormat = new Intl.DateTimeFormat(locale === "en" ? "en-CA" : "fr-CA", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "America/Toronto",
  });

  return (
    <section className="space-y-6" data-testid="staff-page">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="max-w-3xl text-sm text-slate-600">{t("intro")}</p>

      <InviteStaffForm
        invite={inviteStaffAction}
        roles={roles}
        labels={{
          title: t("invite.title"),
          email: t("invite.email"),
          name: t("invite.name"),
          role: t("invite.role"),
          language: t("invite.language"),
          submit: t("invite.submit"),
          sending: t("invite.sending"),
          fr: t("languages.fr"),
          en: t("languages.en"),
        }}
      />

      <div className="overflow-x-auto">
        <table className="min-w-full border-collapse text-sm" data-testid="staff-table">
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="px-2 py-1">
                {t("columns.name")}
              </th>
              <th scope="col" className="px-2 py-1">
                {t("columns.email")}
              </th>
              <th scope="col" className="px-2 py-1">
                {t("columns.role")}
              </th>
              <th scope="col" className="px-2 py-1">
                {t("columns.status")}
              </th>
              <th scope="col" className="px-2 py-1">
                {t("columns.signIn")}
              </th>
              <th scope="col" className="px-2 py-1">
                {t("columns.actions")}
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => {
              const status =
                m.status === "invited"
                  ? m.invitationExpired
                    ? t("status.invitedExpired")
                    : t("status.invited", { date: dateFormat.format(new Date(m.invitationExpiresAt!)) })
                  : t(`status.${m.status}`);
              // The pair of OIDC_ROLE_MAP that gives this role: the groups themselves are not kept.
              const mapping = m.fromIdentityProvider ? oidc?.roleMap.find((pair) => pair.role === m.role) : undefined;
              return (
                <tr key={m.id} className="border-b border-slate-200 align-top" data-testid={`staff-row-${m.email}`}>
                  <td className="px-2 py-1">{m.name}</td>
                  <td className="px-2 py-1">{m.email}</td>
                  <td className="px-2 py-1">
                    {tRoles(m.role)}
                    {m.fromIdentityProvider && oidc ? (
                      <span className="block text-xs text-slate-500">
                        {mapping ? t("ssoRole", { group: mapping.group }) : t("ssoRoleUnmapped")}
                      </span>
                    ) : null}
                  </td>
                  <td className="px-2 py-1" data-testid="staff-status">
                    {status}
                  </td>
                  <td className="px-2 py-1">
                    {m.providers.length === 0
                      ? t("signIn.none")
                      : m.providers.map((p) => t(p === "credential" ? "signIn.credential" : "signIn.sso")).join(", ")}
                  </td>
                  <td className="px-2 py-1">
                    <StaffRowActions
                      act={staffRowAction}
                      member={{ id: m.id, name: m.name, role: m.role, status: m.status }}
                      roles={roles}
                      labels={{
                        roleOf: t("roleOf", { name: m.name }),
                        changeRole: t("changeRole"),
                        deactivate: t("deactivate"),
                        reactivate: t("reactivate"),
                        resend: t("resend"),
                        confirmDeactivate: t("confirmDeactivate", { name: m.name }),
                      }}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {oidc ? (
        <section className="space-y-2" data-testid="staff-oidc">
          <h2 className="text-lg font-semibold">{t("oidc.title")}</h2>
          <p className="max-w-3xl text-sm text-slate-600">{t("oidc.intro", { issuer: oidc.issuer })}</p>
          <table className="text-sm">
            <thead>
              <tr className="text-left">
                <th scope="col" className="px-2 py-1">
                  {t("oidc.group")}
                </th>
                <th scope="col" className="px-2 py-1">
                  {t("oidc.role")}
                </th>
              </tr>
            </thead>
            <tbody>
              {oidc.roleMap.map((pair) => (
                <tr key={pair.group}>
                  <td className="px-2 py-1 font-mono">{pair.group}</td>
                  <td className="px-2 py-1">{tRoles(pair.role)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </section>
  );
}
