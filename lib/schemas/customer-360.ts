/**
 * The office's one-screen view of a customer (server/services/customers/customer-360): the
 * customer row, their locations, subscriptions and equipment, and the most recent invoices,
 * payments and tickets with totals. The service is declared to return this type, so tsc keeps
 * the two in step.
 */
export interface Customer360 {
  customer: {
    id: number;
    legacyAccountId: string;
    legacyCustomerId: string;
    kind: "residential" | "business";
    status: "active" | "inactive" | "prospect";
    firstName: string | null;
    lastName: string | null;
    companyName: string | null;
    displayName: string;
    language: "fr" | "en";
    email: string | null;
    phone: string | null;
    phoneDigits: string | null;
    mobile: string | null;
    billingAddress: string | null;
    billingCity: string | null;
    billingPostalCode: string | null;
    preAuthorizedPayments: boolean;
    stripeCustomerId: string | null;
    stripeDefaultPaymentMethodId: string | null;
    notes: string | null;
    createdAt: Date;
    updatedAt: Date;
  };
  locations: {
    id: number;
    legacyId: string | null;
    customerId: number;
    address: string;
    unit: string | null;
    city: string;
    province: string;
    postalCode: string;
    latitude: number;
    longitude: number;
    status: "active" | "planned" | "suspended" | "disconnected";
    oltName: string | null;
    oltSlot: number | null;
    oltPort: number | null;
    ontId: number | null;
    vlan: number | null;
    ipMode: "dhcp" | "static" | "pppoe";
    staticIp: string | null;
    networkSettings: Record<string, string | number | boolean>;
    accessNotes: string | null;
    createdAt: Date;
  }[];
  subscriptions: {
    id: number;
    locationId: number;
    status: "active" | "suspended" | "pending" | "cancelled";
    startDate: string;
    endDate: string | null;
    billingDay: number;
    priceOverrideCents: number | null;
    campaignCode: string | null;
    commitmentMonths: number | null;
    radiusUsername: string | null;
    radiusStatus: "suspended" | "enabled" | "disabled";
    item: {
      id: number;
      sku: string;
      nameFr: string;
      nameEn: string;
      priceCents: number;
      downloadMbps: number | null;
      uploadMbps: number | null;
    };
  }[];
  equipment: {
    id: number;
    kind: "ont" | "router" | "tv_box" | "phone_adapter";
    serial: string;
    mac: string | null;
    model: string | null;
    firmware: string | null;
    managementIp: string | null;
    status: "in_stock" | "installed" | "removed" | "defective" | "returned";
    locationId: number | null;
    subscriptionId: number | null;
  }[];
  invoices: {
    recent: {
      id: number;
      number: string;
      status: "open" | "void" | "draft" | "paid";
      issueDate: string;
      dueDate: string;
      totalCents: number;
      balanceCents: number;
    }[];
    total: number;
    balanceCents: number;
    overdueCents: number;
  };
  payments: {
    recent: {
      id: number;
      receivedAt: Date;
      amountCents: number;
      method: "card" | "preauthorized" | "cheque" | "cash" | "interac" | "other";
      status: "pending" | "succeeded" | "failed" | "refunded";
      reference: string | null;
      allocatedCents: number;
    }[];
    total: number;
  };
  tickets: {
    recent: {
      id: number;
      parentId: number | null;
      subject: string;
      type: "billing" | "support" | "cancellation" | "other" | "installation" | "repair" | "move";
      status: "open" | "in_progress" | "waiting" | "resolved" | "closed";
      important: boolean;
      createdAt: Date;
      slaDueAt: Date | null;
      messageCount: number;
    }[];
    byStatus: Record<string, number>;
  };
}
