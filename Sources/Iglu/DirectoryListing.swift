import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `readdir` with entry types: listing a cache without a `stat` per entry.
enum DirectoryListing {
    enum EntryType { case directory, regular, symlink, unknown, other }

    static func entries(_ path: String) -> [(String, EntryType)] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var result: [(String, EntryType)] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let type: EntryType
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): type = .directory
            case Int32(DT_REG): type = .regular
            case Int32(DT_LNK): type = .symlink
            case Int32(DT_UNKNOWN): type = .unknown
            default: type = .other
            }
            result.append((name, type))
        }
        return result
    }
}
