// Replays a fuzz target's corpus without libFuzzer: every file named on the command line (directories
// are walked) goes through LLVMFuzzerTestOneInput once. ctest runs this under the sanitizers, so the
// seed corpus and every crash reproducer ever added stay fixed.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  std::size_t count = 0;
  const auto run = [&](const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());  // NOLINT
    ++count;
  };
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path p(argv[i]);
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p)) {
        if (e.is_regular_file()) {
          run(e.path());
        }
      }
    } else {
      run(p);
    }
  }
  std::cout << "replayed " << count << " input(s)\n";
  return count > 0 ? 0 : 1;
}
