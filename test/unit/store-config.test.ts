import { describe, expect, it } from "vitest";
import { contentDisposition, encodeExtValue, safeFileName } from "../../functions/store/content-disposition.js";
import { ConfigError, linkExpiry, storeConfigFromEnv } from "../../functions/store/config.js";

describe("Content-Disposition", () => {
  it("carries the Chinese title per RFC 5987 with an ASCII fallback", () => {
    expect(contentDisposition("attachment", "淮安市人民政府2024年政府信息公开工作年度报告.pdf", "huaian-2024.pdf")).toBe(
      "attachment; filename=\"huaian-2024.pdf\"; filename*=UTF-8''%E6%B7%AE%E5%AE%89%E5%B8%82%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C2024%E5%B9%B4%E6%94%BF%E5%BA%9C%E4%BF%A1%E6%81%AF%E5%85%AC%E5%BC%80%E5%B7%A5%E4%BD%9C%E5%B9%B4%E5%BA%A6%E6%8A%A5%E5%91%8A.pdf",
    );
    expect(contentDisposition("inline", "report 2024.pdf", "x.pdf")).toBe("inline; filename=\"report 2024.pdf\"; filename*=UTF-8''report%202024.pdf");
  });

  it("escapes what may not stand in a header", () => {
    expect(encodeExtValue("a\"b'c;d\r\ne*f")).toBe("a%22b%27c%3Bd%0D%0Ae%2Af");
    expect(contentDisposition("attachment", "云溪县“年报”.pdf", "x.pdf")).toMatch(/^attachment; filename="x.pdf"; filename\*=UTF-8''/);
  });

  it("drops bidirectional controls, other controls and path-like parts from the file name", () => {
    // U+202E would make "报告\u202Efdp.exe" display as "报告exe.pdf"
    expect(safeFileName("报告\u202Efdp.exe\u202C.pdf", "x.pdf")).toBe("报告fdp.exe.pdf");
    for (const bidi of ["\u061C", "\u200E", "\u200F", "\u202A", "\u202B", "\u202D", "\u2066", "\u2067", "\u2068", "\u2069"]) {
      expect(safeFileName(`年度${bidi}报告.pdf`, "x.pdf")).toBe("年度报告.pdf");
    }
    expect(safeFileName("a\r\nb\u0000c\u0085.pdf", "x.pdf")).toBe("abc.pdf");
    expect(safeFileName("../../etc/passwd.pdf", "x.pdf")).toBe("etc_passwd.pdf");
    expect(safeFileName("C:\\Windows\\年报.pdf", "x.pdf")).toBe("C_Windows_年报.pdf");
    expect(safeFileName("..pdf", "x.pdf")).toBe("x.pdf");
    expect(safeFileName("/.pdf", "fallback.pdf")).toBe("fallback.pdf");
    expect(safeFileName(".hidden.pdf", "x.pdf")).toBe("hidden.pdf");
    expect(safeFileName(`${"长".repeat(300)}.pdf`, "x.pdf")).toBe(`${"长".repeat(150)}.pdf`);
    expect(contentDisposition("attachment", 'say "hi"/../x.pdf', "r.pdf")).toBe(`attachment; filename="say_hi_x.pdf"; filename*=UTF-8''say_hi_x.pdf`);
  });
});

describe("storage configuration", () => {
  it("defaults links to 10 minutes and refuses more than an hour", () => {
    expect(linkExpiry(undefined)).toBe(600);
    expect(linkExpiry("3600")).toBe(3600);
    for (const bad of ["3601", "0", "-5", "1.5", "ten"]) expect(() => linkExpiry(bad)).toThrow(ConfigError);
  });

  it("uses endpoints and local credentials only when endpoints are configured", () => {
    const aws = storeConfigFromEnv({ NIANBAO_BUCKET: "b", NIANBAO_TABLE: "t", AWS_REGION: "cn-north-1" });
    expect(aws).toEqual({ bucket: "b", table: "t", region: "cn-north-1", linkExpirySeconds: 600 });
    const local = storeConfigFromEnv({ NIANBAO_BUCKET: "b", NIANBAO_TABLE: "t", NIANBAO_S3_ENDPOINT: "http://127.0.0.1:1", NIANBAO_DYNAMODB_ENDPOINT: "http://127.0.0.1:2" });
    expect(local.credentials).toEqual({ accessKeyId: "S3RVER", secretAccessKey: "S3RVER" });
    expect(() => storeConfigFromEnv({})).toThrow(ConfigError);
  });
});
