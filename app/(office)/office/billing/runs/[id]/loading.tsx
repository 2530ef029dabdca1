import { Loading } from "@/components/ui/loading";

export default function BillingRunLoading() {
  return <Loading />;
}
