import { describe, expect, it } from "vitest";
import { osmAndQuery } from "./osmand-http";

describe("osmAndQuery: which requests the OsmAnd endpoint takes before Next", () => {
  it.each([
    ["/api/gps/osmand?id=TRK-1&lat=45.5", "id=TRK-1&lat=45.5"],
    ["/api/gps/osmand?", ""],
    ["/api/gps/osmand", ""],
    ["/api/gps/osmand/", null],
    ["/api/gps/osmandx?id=1", null],
    ["/api/gps/osm", null],
    ["/api/gps", null],
    ["/", null],
    ["/sign-in?next=/api/gps/osmand", null],
  ])("%s → %j", (url, query) => expect(osmAndQuery(url)).toBe(query));
});
