import { Loading } from "@/components/ui/loading";

export default function BillingRunsLoading() {
  return <Loading />;
}
