//! Native benchmarks of the domain logic. Run with `make bench`.
fn main() {
    println!("domain benchmarks: none yet");
}
