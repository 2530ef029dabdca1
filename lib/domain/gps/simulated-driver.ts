/**
 * A plausible technician on the road, for demos and load: drive toward a stop a few
 * kilometres away at road speed with some variation, work there a while, pick the next stop.
 * Deterministic for a given seed, so a demo replays the same day.
 */
import { bearingDegrees, distanceMeters, type LatLng } from "./geo";
import { seededRandom } from "../seeded-random";

export interface DriverState extends LatLng {
  speedKmh: number;
  heading: number;
  /** Seconds left working at the current stop (0 while driving). */
  onSiteSeconds: number;
}

const METERS_PER_DEGREE_LAT = 111_195;

/** The point `meters` away from `from` on `bearing` (flat-earth step: fine for a few km). */
export function offset(from: LatLng, meters: number, bearing: number): LatLng {
  const radians = (bearing * Math.PI) / 180;
  const dLat = (meters * Math.cos(radians)) / METERS_PER_DEGREE_LAT;
  const dLng = (meters * Math.sin(radians)) / (METERS_PER_DEGREE_LAT * Math.cos((from.lat * Math.PI) / 180));
  return { lat: from.lat + dLat, lng: from.lng + dLng };
}

export class SimulatedDriver {
  private readonly random: () => number;
  private destination: LatLng;
  private cruiseKmh: number;
  state: DriverState;

  constructor(seed: number, start: LatLng) {
    this.random = seededRandom(seed);
    this.state = { ...start, speedKmh: 0, heading: 0, onSiteSeconds: 0 };
    this.destination = this.nextStop();
    this.cruiseKmh = this.nextCruise();
  }

  private nextStop(): LatLng {
    return offset(this.state, 2_000 + this.random() * 8_000, this.random() * 360);
  }

  private nextCruise(): number {
    return 35 + this.random() * 45;
  }

  /** Advances the simulation by `seconds` and returns the new state. */
  step(seconds: number): DriverState {
    if (!(seconds > 0)) throw new RangeError(`seconds must be positive, got ${seconds}`);
    if (this.state.onSiteSeconds > 0) {
      this.state.onSiteSeconds = Math.max(0, this.state.onSiteSeconds - seconds);
      this.state.speedKmh = 0;
      if (this.state.onSiteSeconds === 0) {
        this.destination = this.nextStop();
        this.cruiseKmh = this.nextCruise();
      }
      return { ...this.state };
    }
    // Traffic: the speed wanders ±15 % around the leg's cruise speed.
    const speedKmh = this.cruiseKmh * (0.85 + this.random() * 0.3);
    const travel = (speedKmh / 3.6) * seconds;
    const remaining = distanceMeters(this.state, this.destination);
    if (travel >= remaining) {
      this.state = {
        ...this.destination,
        speedKmh: 0,
        heading: this.state.heading,
        onSiteSeconds: 15 * 60 + this.random() * 45 * 60,
      };
      return { ...this.state };
    }
    const heading = bearingDegrees(this.state, this.destination);
    this.state = { ...offset(this.state, travel, heading), speedKmh, heading, onSiteSeconds: 0 };
    return { ...this.state };
  }
}
