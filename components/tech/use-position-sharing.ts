"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/server/realtime/events";
import { MAX_SILENCE_MS, shouldSend, type Fix } from "./position-throttle";
import { isDeniedHandshake } from "../socket-refusal";

export type SharingState = "starting" | "sharing" | "paused" | "denied" | "unsupported" | "error";

const PAUSED_KEY = "tech:position-paused";
const DENIED_KEY = "tech:position-denied";

function fixOf(position: GeolocationPosition): Fix {
  const { latitude, longitude, accuracy, heading, speed } = position.coords;
  return {
    lat: latitude,
    lng: longitude,
    timestamp: Math.round(position.timestamp),
    accuracy: Number.isFinite(accuracy) ? accuracy : null,
    heading: heading !== null && Number.isFinite(heading) && heading >= 0 && heading <= 360 ? heading : null,
    speed: speed !== null && Number.isFinite(speed) && speed >= 0 ? speed : null,
  };
}

/**
 * While the app is open on a working day, the phone's position goes to the dispatchers over
 * Socket.IO (/realtime, `position:share`): after a move of more than 50 m, or once a minute.
 * The technician can pause it; a refused permission is said once and never asked again here.
 */
export function usePositionSharing(active: boolean): {
  state: SharingState;
  lastSentAt: number | null;
  pause: () => void;
  resume: () => void;
} {
  const [paused, setPaused] = useState(
    () => typeof window !== "undefined" && window.localStorage.getItem(PAUSED_KEY) === "1",
  );
  const [state, setState] = useState<SharingState>(() => {
    if (typeof window === "undefined") return "starting";
    if (!("geolocation" in navigator)) return "unsupported";
    return window.sessionStorage.getItem(DENIED_KEY) === "1" ? "denied" : "starting";
  });
  const blocked = state === "unsupported" || state === "denied";
  const [lastSentAt, setLastSentAt] = useState<number | null>(null);
  const lastSent = useRef<{ fix: Fix; at: number } | null>(null);

  useEffect(() => {
    if (!active || paused || blocked) return;
    let stopped = false;
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: "/realtime",
      transports: ["websocket"],
      withCredentials: true,
    });
    socket.on("connect_error", (error) => {
      // Signed out or not a technician: retrying will not help.
      if (isDeniedHandshake(error)) {
        socket.disconnect();
        setState("error");
      }
    });

    // The newest fix, sent as soon as the socket (re)connects: a phone standing still gets no other.
    let latest: Fix | null = null;
    socket.on("connect", () => {
      if (latest) offer(latest);
    });
    const offer = (fix: Fix) => {
      const now = Date.now();
      latest = fix;
      if (stopped || !socket.connected || !shouldSend(lastSent.current, fix, now)) return;
      lastSent.current = { fix, at: now };
      socket.emit(
        "position:share",
        {
          lat: fix.lat,
          lng: fix.lng,
          timestamp: fix.timestamp,
          accuracy: fix.accuracy ?? null,
          heading: fix.heading ?? null,
          speed: fix.speed ?? null,
        },
        (ack) => {
          if (stopped) return;
          if (ack.ok) {
            setState("sharing");
            setLastSentAt(now);
          } else setState("error");
        },
      );
    };
    const failed = (error: GeolocationPositionError) => {
      if (error.code === error.PERMISSION_DENIED) {
        window.sessionStorage.setItem(DENIED_KEY, "1");
        setState("denied");
        stop();
      }
    };
    const watch = navigator.geolocation.watchPosition((position) => offer(fixOf(position)), failed, {
      enableHighAccuracy: true,
      maximumAge: 10_000,
      timeout: 30_000,
    });
    // A phone that stays put gets no new fixes from the watch: ask once a minute.
    const heartbeat = setInterval(
      () =>
        navigator.geolocation.getCurrentPosition((position) => offer(fixOf(position)), failed, {
          maximumAge: 30_000,
          timeout: 30_000,
        }),
      MAX_SILENCE_MS,
    );
    function stop() {
      stopped = true;
      navigator.geolocation.clearWatch(watch);
      clearInterval(heartbeat);
      socket.disconnect();
    }
    return stop;
  }, [active, paused, blocked]);

  const pause = useCallback(() => {
    window.localStorage.setItem(PAUSED_KEY, "1");
    setPaused(true);
  }, []);
  const resume = useCallback(() => {
    window.localStorage.removeItem(PAUSED_KEY);
    lastSent.current = null;
    setState("starting");
    setPaused(false);
  }, []);
  return { state: paused ? "paused" : state, lastSentAt, pause, resume };
}
