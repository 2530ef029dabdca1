"use client";
import { useEffect, useEffectEvent } from "react";

export interface BoardKeyActions {
  undo(): void;
  redo(): void;
  clearSelection(): void;
  focusFilter(): void;
  /** Arrow keys on the selected job; returns whether the key was used. */
  nudge(key: "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown"): boolean;
  removeSelected(): boolean;
  /** P: pins the selected job to its technician and start, or releases it. */
  togglePin(): boolean;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * Board shortcuts on the whole window, so they work wherever focus is on the board, but never
 * while the user types in a field (where arrows, Backspace and Ctrl+Z belong to the field).
 */
export function useBoardKeys(actions: BoardKeyActions) {
  const onKey = useEffectEvent((event: KeyboardEvent) => {
    if (event.defaultPrevented || event.altKey) return;
    const typing = isTyping(event.target);
    if (event.key === "Escape") {
      if (typing && event.target instanceof HTMLElement) event.target.blur();
      actions.clearSelection();
      return;
    }
    if (typing) return;
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (mod && key === "z") {
      event.preventDefault();
      if (event.shiftKey) actions.redo();
      else actions.undo();
      return;
    }
    if (mod && key === "y") {
      event.preventDefault();
      actions.redo();
      return;
    }
    if (mod) return;
    if (event.key === "/") {
      event.preventDefault();
      actions.focusFilter();
      return;
    }
    if (
      event.key === "ArrowLeft" ||
      event.key === "ArrowRight" ||
      event.key === "ArrowUp" ||
      event.key === "ArrowDown"
    ) {
      if (actions.nudge(event.key)) event.preventDefault();
      return;
    }
    if ((event.key === "Delete" || event.key === "Backspace") && actions.removeSelected()) event.preventDefault();
    if (key === "p" && !event.shiftKey && actions.togglePin()) event.preventDefault();
  });

  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKey(event);
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, []);
}
