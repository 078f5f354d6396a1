/** The OFD package's small parts: XML escaping, DeltaX compression, the zip container, route paths, the setting. */
import { deflateRawSync, deflateSync } from "node:zlib";
import { unzipSync } from "fflate";
import { PDFDocument, PDFName, PDFRawStream } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { ofdSettingFromEnv } from "../../functions/ofd/edition.js";
import { deltaArray } from "../../functions/ofd/ofd-package.js";
import { element, escape } from "../../functions/ofd/xml.js";
import { zip } from "../../functions/ofd/zip.js";
import { PdfObjects } from "../../functions/ofd/pdf-objects.js";
import { honoPath } from "../../functions/http/routes.js";

describe("XML of the parts", () => {
  it("escapes report text, so it never becomes markup", () => {
    expect(escape(`<b>"A&B"</b> 'x'`)).toBe("&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &apos;x&apos;");
    expect(element("Title", {}, "</ofd:Title><ofd:X/>")).toBe("<ofd:Title>&lt;/ofd:Title&gt;&lt;ofd:X/&gt;</ofd:Title>");
    expect(element("CustomData", { Name: 'a"b' }, "v")).toBe('<ofd:CustomData Name="a&quot;b">v</ofd:CustomData>');
  });

  it("drops characters XML cannot carry", () => {
    expect(escape("a\u0000b\u0008c\td")).toBe("abc\td");
  });
});

describe("DeltaX", () => {
  it("writes runs of equal offsets as g N v where that is shorter (GB/T 33190 §11.3)", () => {
    expect(deltaArray([4.233, 4.233, 4.233, 1.5])).toBe("g 3 4.233 1.5");
    expect(deltaArray([1, 1])).toBe("1 1");
    expect(deltaArray([2.1, 3.25])).toBe("2.1 3.25");
    expect(deltaArray([])).toBe("");
  });
});

describe("the zip container", () => {
  it("is read back by another zip reader, entry by entry, in order, with UTF-8 names", async () => {
    const entries = [
      { path: "OFD.xml", data: Buffer.from("<a/>") },
      { path: "Doc_0/Res/字体.ttf", data: Buffer.alloc(5000, 7) },
    ];
    const bytes = await zip(entries, "2025-03-20");
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toEqual(["OFD.xml", "Doc_0/Res/字体.ttf"]);
    expect(Buffer.from(files["Doc_0/Res/字体.ttf"]!).equals(entries[1]!.data)).toBe(true);
    expect(bytes.length).toBeLessThan(1000); // deflated
  });

  it("is the same bytes for the same entries, whatever the time of day or zone", async () => {
    const entries = [{ path: "OFD.xml", data: Buffer.from("x") }];
    const [a, b, c] = await Promise.all([zip(entries, "2025-03-20"), zip(entries, "2025-03-20"), zip(entries, "2025-03-21")]);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(a).equals(Buffer.from(c))).toBe(false);
  });
});

describe("font programs carried into the zip as the PDF stores them", () => {
  const program = Buffer.from("glyf loca head ".repeat(400));
  const flateStream = async (contents: Uint8Array) => {
    const doc = await PDFDocument.create();
    return { objects: new PdfObjects({ lookup: (ref) => doc.context.lookup(ref), catalog: doc.catalog }), stream: PDFRawStream.of(doc.context.obj({ Filter: PDFName.of("FlateDecode") }), contents) };
  };

  it("writes an entry given already deflated as the same bytes as one deflated by the zip writer", async () => {
    const plain = await zip([{ path: "Doc_0/Res/font_1.ttf", data: program }], "2025-03-20");
    const given = await zip([{ path: "Doc_0/Res/font_1.ttf", data: program, deflated: deflateRawSync(program, { level: 6 }) }], "2025-03-20");
    expect(Buffer.from(given).equals(Buffer.from(plain))).toBe(true);
    expect(Buffer.from(unzipSync(given)["Doc_0/Res/font_1.ttf"]!).equals(program)).toBe(true);
  });

  it("takes a whole zlib stream's deflate data, and re-deflates a stream cut short or followed by other bytes", async () => {
    const whole = deflateSync(program);
    const { objects, stream } = await flateStream(whole);
    const read = objects.streamWithDeflated(stream, "the font");
    expect(Buffer.from(read.bytes).equals(program)).toBe(true);
    expect(Buffer.from(read.deflated!).equals(whole.subarray(2, whole.length - 4))).toBe(true);

    const cut = await flateStream(whole.subarray(0, whole.length - 2)); // the Adler-32 trailer is half gone
    const partial = cut.objects.streamWithDeflated(cut.stream, "the font");
    expect(partial.deflated).toBeUndefined();

    const trailed = await flateStream(Buffer.concat([whole, Buffer.from("\r\nendstream")]));
    const read2 = trailed.objects.streamWithDeflated(trailed.stream, "the font");
    expect(Buffer.from(read2.bytes).equals(program)).toBe(true);
    expect(read2.deflated).toBeUndefined();
  });
});

describe("the route to the citizens' OFD", () => {
  it("matches only values with the suffix, before /d/{reportId} could take them", () => {
    expect(honoPath("/d/{reportId}.ofd")).toBe("/d/:reportId{[^/]+\\.ofd}");
    expect(honoPath("/reports/{reportId}/versions/{n}/ofd")).toBe("/reports/:reportId/versions/:n/ofd");
  });
});

describe("NIANBAO_OFD", () => {
  it("chooses plain OFD by default, OFD-A or none on request, and refuses anything else", () => {
    expect(ofdSettingFromEnv({})).toBe("ofd");
    expect(ofdSettingFromEnv({ NIANBAO_OFD: "OFD-A" })).toBe("ofd-a");
    expect(ofdSettingFromEnv({ NIANBAO_OFD: "off" })).toBe("off");
    expect(() => ofdSettingFromEnv({ NIANBAO_OFD: "pdf" })).toThrow(/NIANBAO_OFD/);
  });
});
