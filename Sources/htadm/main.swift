// `htadm`, the CERN-compatible password tool: argument handling only; the logic is in Admin.
import Admin
#if canImport(Glibc)
import Glibc
#endif

let args = Array(CommandLine.arguments.dropFirst())
// Overwrite a password given on the command line in the process's own argument memory, as
// CERN's htadm did, so `ps` stops showing it (the copy in `args` is what is used).
if let index = HtadmCommandLine.passwordArgumentIndex(args), let argument = CommandLine.unsafeArgv[index + 1] {
    var offset = 0
    while argument[offset] != 0 {
        argument[offset] = 0
        offset += 1
    }
}
let status = HtadmCommandLine.run(args)
exit(status)
