// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// A strictly ordered counter: increment(n) succeeds only when the count is n, so every call depends
/// on the one before it (a mis-ordered execution reverts). slot 0: uint256 count.
contract Counter {
    uint256 public count;

    event Incremented(address indexed by, uint256 count);

    function increment(uint256 expected) external {
        require(count == expected, "order");
        count = expected + 1;
        emit Incremented(msg.sender, expected + 1);
    }
}
