import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { Toaster, toast as show } from "sonner";
import type { Toast } from "~/utils/toast.server";

/** Shows the toast the server left for this page (utils/toast.server.ts), once, in the reader's language. */
export function ShowToast({ toast }: { toast: Toast | null }) {
  const { t } = useTranslation();
  useEffect(() => {
    if (!toast) return;
    // The next tick: the Toaster mounts in the same render.
    const timer = setTimeout(() => {
      const text = t(toast.message, toast.params ?? {});
      const options = { id: toast.id, className: "toast" };
      if (toast.type === "error") show.error(text, options);
      else if (toast.type === "success") show.success(text, options);
      else show(text, options);
    }, 0);
    return () => clearTimeout(timer);
  }, [toast, t]);
  return <Toaster position="top-center" closeButton duration={6000} />;
}
