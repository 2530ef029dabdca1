import type { MetadataRoute } from "next";

/** The technician app, installable on a phone's home screen (the service worker is public/sw.js). */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "Fibre Ops – Technicien",
    short_name: "Fibre Tech",
    description: "Travaux du jour, hors ligne · Today's jobs, offline",
    id: "/tech",
    start_url: "/tech",
    scope: "/tech",
    display: "standalone",
    orientation: "portrait",
    background_color: "#f8fafc",
    theme_color: "#075985",
    lang: "fr-CA",
    icons: [
      { src: "/icons/tech-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/tech-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/tech-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
      { src: "/icons/tech.svg", sizes: "any", type: "image/svg+xml" },
    ],
  };
}
