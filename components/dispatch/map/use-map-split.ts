"use client";
import { useCallback, useSyncExternalStore } from "react";

const STORAGE_KEY = "fibre-ops.dispatch.map-split";
const CHANGED = "fibre-ops:map-split";

function read(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === "1";
  } catch {
    return false;
  }
}

function subscribe(onChange: () => void): () => void {
  // Another tab's choice arrives as a storage event; this tab's own as the custom one.
  window.addEventListener("storage", onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener("storage", onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

/** Whether the map shows beside the board; remembered in this browser across days and visits. */
export function useMapSplit(): [boolean, () => void] {
  // The server cannot know the browser's choice: it renders the board alone, then the map joins.
  const shown = useSyncExternalStore(subscribe, read, () => false);
  const toggle = useCallback(() => {
    try {
      window.localStorage.setItem(STORAGE_KEY, read() ? "0" : "1");
    } catch {
      /* storage blocked: nothing to remember */
    }
    window.dispatchEvent(new Event(CHANGED));
  }, []);
  return [shown, toggle];
}
